package io.github.kafkaconnectsmc.smc;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** An SMC API version such as {@code 6.10} or {@code 7.2.1}, ordered numerically (6.10 is newer than 6.9). */
public record ApiVersion(String text, int[] parts) implements Comparable<ApiVersion> {

    public static Optional<ApiVersion> parse(String text) {
        if (text == null || !text.matches("\\d+(\\.\\d+)*")) {
            return Optional.empty();
        }
        int[] parts = Arrays.stream(text.split("\\.")).mapToInt(Integer::parseInt).toArray();
        return Optional.of(new ApiVersion(text, parts));
    }

    /** The newest of {@code versions}, skipping those that are not version numbers. */
    public static Optional<ApiVersion> newest(Collection<String> versions) {
        return versions.stream()
                .map(ApiVersion::parse)
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
    }

    @Override
    public int compareTo(ApiVersion other) {
        return Arrays.compare(parts, other.parts);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiVersion that && Arrays.equals(parts, that.parts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parts);
    }

    @Override
    public String toString() {
        return text;
    }
}

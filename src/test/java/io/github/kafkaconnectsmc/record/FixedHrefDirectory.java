package io.github.kafkaconnectsmc.record;

import io.github.kafkaconnectsmc.smc.HrefDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link HrefDirectory} that knows a fixed name to href map and records what it was asked. */
final class FixedHrefDirectory implements HrefDirectory {

    private final Map<String, String> hrefByName;
    final List<String> lookups = new ArrayList<>();

    FixedHrefDirectory(Map<String, String> hrefByName) {
        this.hrefByName = hrefByName;
    }

    @Override
    public Optional<String> hrefOf(String context, String name) {
        lookups.add(context + "/" + name);
        return Optional.ofNullable(hrefByName.get(name));
    }

    @Override
    public void clear() {
    }

    @Override
    public long misses() {
        return lookups.stream().filter(l -> !hrefByName.containsKey(l.substring(l.indexOf('/') + 1))).count();
    }
}

package io.github.kafkaconnectsmc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The results of a benchmark run: Markdown lines, printed at the end and written to a file of the run directory. */
final class Report {

    private final Path file;
    private final List<String> lines = new ArrayList<>();

    Report(Path file) {
        this.file = file;
    }

    void line(String line) {
        lines.add(line);
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void print() {
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println();
        System.out.println("Written to " + file);
    }
}

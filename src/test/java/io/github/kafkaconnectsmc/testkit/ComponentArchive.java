package io.github.kafkaconnectsmc.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The connector as {@code mvn package} ships it: a Confluent Hub component archive,
 * {@code target/components/packages/<owner>-<name>-<version>.zip}, whose one top directory holds
 * {@code manifest.json} and {@code lib/}. Installing it means unpacking it into a folder on a worker's
 * {@code plugin.path}, which is what the plugin.path test and the quickstart do, as an operator would.
 */
public final class ComponentArchive {

    /** Where {@code mvn package} writes the archive. */
    public static final Path PACKAGES = Path.of("target", "components", "packages");

    private final Path archive;

    private ComponentArchive(Path archive) {
        this.archive = archive;
    }

    public static ComponentArchive at(Path archive) {
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("No component archive at " + archive.toAbsolutePath()
                    + ": mvn package builds it");
        }
        return new ComponentArchive(archive);
    }

    /**
     * The archive this build made: the system property {@code component.archive} (failsafe sets it), otherwise the one
     * archive in {@link #PACKAGES}, whatever the version.
     */
    public static ComponentArchive built() throws IOException {
        String named = System.getProperty("component.archive");
        if (named != null) {
            return at(Path.of(named));
        }
        List<Path> zips = new ArrayList<>();
        if (Files.isDirectory(PACKAGES)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(PACKAGES, "*.zip")) {
                files.forEach(zips::add);
            }
        }
        if (zips.size() != 1) {
            throw new IllegalStateException("Expected one component archive in " + PACKAGES.toAbsolutePath()
                    + " (mvn package builds it), found " + zips);
        }
        return at(zips.get(0));
    }

    public Path path() {
        return archive;
    }

    /**
     * Unpacks the archive into {@code pluginPath}, a folder to list in the worker's {@code plugin.path}, and returns
     * the component's own directory there (the one holding {@code manifest.json} and {@code lib/}).
     */
    public Path unpackInto(Path pluginPath) throws IOException {
        Path root = pluginPath.toAbsolutePath().normalize();
        Files.createDirectories(root);
        Path component = null;
        try (InputStream file = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(file)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new IOException("Archive entry " + entry.getName() + " points outside " + root);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
                Path top = root.resolve(root.relativize(target).getName(0));
                if (component != null && !component.equals(top)) {
                    throw new IOException("The archive " + archive + " has more than one top directory");
                }
                component = top;
            }
        }
        if (component == null || !Files.isRegularFile(component.resolve("manifest.json"))) {
            throw new IOException("The archive " + archive + " holds no <component>/manifest.json");
        }
        return component;
    }
}

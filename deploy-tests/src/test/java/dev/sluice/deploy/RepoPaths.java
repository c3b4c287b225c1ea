package dev.sluice.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locations in the repository that the deploy tests check; the build passes the root as {@code sluice.repo.root}. */
final class RepoPaths {

    private RepoPaths() {}

    /** The repository root (the parent of this module). */
    static Path root() {
        String configured = System.getProperty("sluice.repo.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("mvnw"))) {
            throw new IllegalStateException("not the repository root (no mvnw): " + root);
        }
        return root;
    }

    static Path chart() {
        return root().resolve("helm/sluice");
    }

    static Path docker() {
        return root().resolve("docker");
    }
}

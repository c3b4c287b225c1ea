package dev.sluice.standalone.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds system binaries that end-to-end tests drive as real clients. Where one is missing the test is skipped
 * with a loud reason, unless {@code SLUICE_REQUIRE_ALL=true} (as CI sets it), where the skip fails the build.
 */
final class SystemBinaries {
    private SystemBinaries() {}

    /** The path of {@code name} on the PATH, or the test is skipped (or failed under SLUICE_REQUIRE_ALL). */
    static Path require(String name, String debianPackage) {
        Optional<Path> found = find(name);
        if (found.isPresent()) {
            return found.get();
        }
        String reason = "SKIPPED LOUDLY: '" + name + "' is not installed (Debian package " + debianPackage
                + "); install it or run .ci/run to exercise this end-to-end test";
        if (Boolean.parseBoolean(System.getenv("SLUICE_REQUIRE_ALL"))) {
            fail(reason + " — SLUICE_REQUIRE_ALL=true turns this skip into a failure");
        }
        System.err.println(reason);
        Assumptions.abort(reason);
        throw new IllegalStateException("unreachable");
    }

    private static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}

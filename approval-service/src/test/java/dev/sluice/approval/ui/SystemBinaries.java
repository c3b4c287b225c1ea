package dev.sluice.approval.ui;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds system binaries a test drives (here the browser). A missing one skips the test with a loud reason, unless
 * {@code SLUICE_REQUIRE_ALL=true} (as CI sets it in .ci/run, which installs them), where the skip fails the build.
 */
final class SystemBinaries {
    private SystemBinaries() {}

    static Path require(String name, String debianPackage) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        String reason = "SKIPPED LOUDLY: '" + name + "' is not installed (Debian package " + debianPackage
                + "); install it or run .ci/run to exercise the reviewer browser test";
        if (Boolean.parseBoolean(System.getenv("SLUICE_REQUIRE_ALL"))) {
            fail(reason + " — SLUICE_REQUIRE_ALL=true turns this skip into a failure");
        }
        System.err.println(reason);
        Assumptions.abort(reason);
        throw new IllegalStateException("unreachable");
    }
}

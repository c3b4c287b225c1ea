package dev.sluice.cli.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the CLI keeps its state: {@code %APPDATA%\sluice} on Windows, otherwise {@code $XDG_CONFIG_HOME/sluice}
 * or {@code ~/.config/sluice} (XDG Base Directory Specification).
 */
public final class ConfigDirectory {
    private ConfigDirectory() {}

    /**
     * Resolves the directory from the environment.
     *
     * @param env      the process environment
     * @param osName   the {@code os.name} system property
     * @param userHome the {@code user.home} system property
     */
    public static Path resolve(Map<String, String> env, String osName, String userHome) {
        if (osName != null && osName.toLowerCase(Locale.ROOT).startsWith("windows")) {
            String appData = env.get("APPDATA");
            if (appData != null && !appData.isBlank()) {
                return Path.of(appData, "sluice");
            }
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        // The specification says a relative value is invalid and must be ignored.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "sluice");
        }
        return Path.of(userHome, ".config", "sluice");
    }
}

package dev.sluice.proxy.credentials;

import dev.sluice.proxy.config.ProxyProperties.TargetConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Resolves the credential the proxy uses for a target connection, so that only proxy-service ever holds it.
 * A connection's {@code credential} names the source; without one its literal {@code password} is used:
 *
 * <ul>
 *   <li>{@code env:NAME} — an environment variable;</li>
 *   <li>{@code file:/path} — a file's content without trailing newlines (a mounted Kubernetes Secret);</li>
 *   <li>{@code sealed:/path/store.json#entry} — an entry of an AES-GCM envelope-encrypted {@link SealedStore},
 *       opened with the master key it names.</li>
 * </ul>
 * Files are read again whenever their modification time or size changes, checked on every new upstream
 * connection: rotating a credential needs no restart, live sessions keep their already authenticated
 * connection. Failures name the connection and source, never a value.
 */
public final class TargetCredentials {

    private record Cached(FileTime modified, long size, byte[] content) {}

    private final Map<String, SealedStore.MasterKey> masterKeys;
    private final Function<String, String> environment;
    private final Map<Path, Cached> files = new ConcurrentHashMap<>();

    /**
     * @param masterKeys  master keys of sealed stores, any number (rotation: old entries name the old key)
     * @param environment environment variable lookup
     */
    public TargetCredentials(List<SealedStore.MasterKey> masterKeys, Function<String, String> environment) {
        this.masterKeys = SealedStore.byId(masterKeys);
        this.environment = environment;
    }

    /**
     * Master keys from {@code SLUICE_MASTER_KEYS} ({@code id:base64}, comma-separated) and from a file of such
     * lines, when given.
     */
    public static TargetCredentials fromEnvironment(Path masterKeyFile) {
        List<SealedStore.MasterKey> keys = new ArrayList<>();
        String fromEnv = System.getenv("SLUICE_MASTER_KEYS");
        if (fromEnv != null && !fromEnv.isBlank()) {
            for (String spec : fromEnv.split(",")) {
                keys.add(SealedStore.MasterKey.parse(spec.strip()));
            }
        }
        if (masterKeyFile != null) {
            try {
                for (String line : Files.readAllLines(masterKeyFile, StandardCharsets.US_ASCII)) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        keys.add(SealedStore.MasterKey.parse(line.strip()));
                    }
                }
            } catch (IOException e) {
                throw new CredentialException("cannot read master key file " + masterKeyFile);
            }
        }
        return new TargetCredentials(keys, System::getenv);
    }

    /** The password for {@code connection}, from its configured source. */
    public String password(String connection, TargetConnection target) {
        String source = target.credential();
        if (source == null || source.isBlank()) {
            return target.password();
        }
        if (source.startsWith("env:")) {
            String value = environment.apply(source.substring(4));
            if (value == null) {
                throw new CredentialException("credential of connection " + connection + ": environment variable "
                        + source.substring(4) + " is not set");
            }
            return value;
        }
        if (source.startsWith("file:")) {
            return trimNewlines(new String(read(Path.of(source.substring(5)), connection), StandardCharsets.UTF_8));
        }
        if (source.startsWith("sealed:")) {
            String spec = source.substring(7);
            int hash = spec.lastIndexOf('#');
            if (hash <= 0 || hash == spec.length() - 1) {
                throw new CredentialException("credential of connection " + connection + " must be sealed:<store>#<entry>");
            }
            Path store = Path.of(spec.substring(0, hash));
            byte[] secret = SealedStore.open(read(store, connection), spec.substring(hash + 1), masterKeys, store.toString());
            return new String(secret, StandardCharsets.UTF_8);
        }
        throw new CredentialException("credential of connection " + connection + " must start with env:, file: or sealed:");
    }

    private byte[] read(Path file, String connection) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Cached cached = files.get(file);
            if (cached != null && cached.modified().equals(attributes.lastModifiedTime()) && cached.size() == attributes.size()) {
                return cached.content();
            }
            byte[] content = Files.readAllBytes(file);
            files.put(file, new Cached(attributes.lastModifiedTime(), content.length, content));
            return content;
        } catch (IOException e) {
            throw new CredentialException("credential file " + file + " of connection " + connection + " cannot be read");
        }
    }

    private static String trimNewlines(String value) {
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == '\n' || value.charAt(end - 1) == '\r')) {
            end--;
        }
        return value.substring(0, end);
    }
}

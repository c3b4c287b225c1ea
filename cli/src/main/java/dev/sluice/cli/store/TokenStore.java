package dev.sluice.cli.store;

import dev.sluice.cli.CliException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The login on disk: {@code tokens.json} in the config directory. On POSIX file systems the directory is created
 * {@code 0700} and the file {@code 0600}, with those permissions from the moment they exist (never created wider and
 * narrowed afterwards), and replaced atomically so that a concurrent reader never sees half a file.
 */
public final class TokenStore {
    /** The file name inside the config directory. */
    public static final String FILE_NAME = "tokens.json";
    private static final long MAX_FILE_SIZE = 256 * 1024;
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private final JsonMapper json = JsonMapper.builder().build();
    private final Path directory;
    private final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    public TokenStore(Path directory) {
        this.directory = java.util.Objects.requireNonNull(directory, "directory");
    }

    /** The token file's path. */
    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    /** The stored login, if any. */
    public Optional<StoredLogin> load() {
        try {
            if (Files.size(file()) > MAX_FILE_SIZE) {
                throw new CliException(CliException.FAILURE, file() + " is too large to be a Sluice token file");
            }
            JsonNode node = json.readTree(Files.readString(file(), StandardCharsets.UTF_8));
            return Optional.of(new StoredLogin(text(node, "issuer"), text(node, "client_id"), text(node, "token_endpoint"),
                    text(node, "access_token"), node.hasNonNull("refresh_token") ? node.get("refresh_token").asString() : null,
                    Instant.ofEpochSecond(node.required("expires_at").asLong()), upstream(node.get("upstream"))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CliException(CliException.FAILURE, "cannot read " + file() + ": " + e.getMessage(), e);
        } catch (JacksonException | NullPointerException | IllegalArgumentException e) {
            // The exception text could quote the file's content, which holds tokens: say only where it is.
            throw new CliException(CliException.NOT_LOGGED_IN, file() + " is not a valid Sluice token file; run `sluice logout` and "
                    + "`sluice login`");
        }
    }

    /** Stores {@code login}, replacing any previous one. */
    public void save(StoredLogin login) {
        ObjectNode node = json.createObjectNode();
        node.put("issuer", login.issuer());
        node.put("client_id", login.clientId());
        node.put("token_endpoint", login.tokenEndpoint());
        node.put("access_token", login.accessToken());
        if (login.refreshToken() != null) {
            node.put("refresh_token", login.refreshToken());
        }
        node.put("expires_at", login.expiresAt().getEpochSecond());
        if (login.upstream() != null) {
            ObjectNode upstream = node.putObject("upstream");
            upstream.put("issuer", login.upstream().issuer());
            upstream.put("client_id", login.upstream().clientId());
            upstream.put("token_endpoint", login.upstream().tokenEndpoint());
            if (login.upstream().refreshToken() != null) {
                upstream.put("refresh_token", login.upstream().refreshToken());
            }
        }
        byte[] content = json.writeValueAsBytes(node);
        try {
            createDirectory();
            Path temporary = directory.resolve("." + FILE_NAME + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.createFile(temporary, fileAttributes(FILE));
                try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
                    out.write(content);
                }
                move(temporary, file());
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new CliException(CliException.FAILURE, "cannot write " + file() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the stored login; {@code false} if there was none. */
    public boolean delete() {
        try {
            return Files.deleteIfExists(file());
        } catch (IOException e) {
            throw new CliException(CliException.FAILURE, "cannot delete " + file() + ": " + e.getMessage(), e);
        }
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            if (posix) {
                // An existing directory (perhaps made by another tool) is narrowed: the tokens must not be listable.
                Files.setPosixFilePermissions(directory, DIRECTORY);
            }
            return;
        }
        Path parent = directory.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.createDirectory(directory, fileAttributes(DIRECTORY));
    }

    private FileAttribute<?>[] fileAttributes(Set<PosixFilePermission> permissions) {
        // The umask can only remove permissions, so creating with 0600/0700 never yields anything wider.
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static UpstreamLogin upstream(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("upstream");
        }
        return new UpstreamLogin(text(node, "issuer"), text(node, "client_id"), text(node, "token_endpoint"),
                node.hasNonNull("refresh_token") ? node.get("refresh_token").asString() : null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.required(field);
        if (!value.isString()) {
            throw new IllegalArgumentException(field);
        }
        return value.asString();
    }
}

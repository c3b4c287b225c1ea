package dev.sluice.proxy.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An encrypted credential store: a JSON file of named entries, each sealed with envelope encryption
 * (AES-256-GCM, NIST SP 800-38D). Every entry has its own random data key that encrypts the secret; the data key
 * is itself encrypted ("wrapped") with a master key, whose id is recorded in the entry so that master keys can
 * be rotated (several may be configured; each entry names the one that wrapped it). The entry name is bound as
 * additional authenticated data, so an entry cannot be moved to another name.
 *
 * <pre>{"entries": {"demo": {"master_key_id": "k1", "wrapped_key": "...", "ciphertext": "..."}}}</pre>
 * ({@code wrapped_key} and {@code ciphertext} are base64 of a 12-byte IV followed by the GCM output).
 *
 * <p>Sealing from the command line (the master key as {@code <id>:<base64 of 32 bytes>}):
 * {@code SLUICE_MASTER_KEY=k1:... java -cp proxy-service.jar dev.sluice.proxy.credentials.SealedStore store.json demo}
 * reads the secret from standard input.
 */
public final class SealedStore {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SealedStore() {}

    /** A master key and its id. */
    public record MasterKey(String id, SecretKey key) {
        @Override
        public String toString() {
            return "MasterKey[id=" + id + "]";
        }

        /** Parses {@code <id>:<base64 of 16, 24 or 32 bytes>}; the message of a failure never holds the key. */
        public static MasterKey parse(String spec) {
            int colon = spec == null ? -1 : spec.indexOf(':');
            if (colon <= 0) {
                throw new CredentialException("a master key must look like <id>:<base64 key>");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(spec.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new CredentialException("master key " + spec.substring(0, colon) + " is not base64");
            }
            if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
                throw new CredentialException("master key " + spec.substring(0, colon) + " must be 16, 24 or 32 bytes");
            }
            return new MasterKey(spec.substring(0, colon), new SecretKeySpec(bytes, "AES"));
        }
    }

    /** Adds or replaces {@code name} in the store file, sealed with {@code master}. */
    public static void seal(Path store, String name, byte[] secret, MasterKey master) {
        try {
            SecretKey dataKey = KeyGenerator.getInstance("AES").generateKey();
            byte[] aad = name.getBytes(StandardCharsets.UTF_8);
            ObjectNode entry = JSON.createObjectNode();
            entry.put("master_key_id", master.id());
            entry.put("wrapped_key", Base64.getEncoder().encodeToString(encrypt(master.key(), dataKey.getEncoded(), aad)));
            entry.put("ciphertext", Base64.getEncoder().encodeToString(encrypt(dataKey, secret, aad)));
            ObjectNode root = Files.exists(store) ? (ObjectNode) JSON.readTree(Files.readAllBytes(store)) : JSON.createObjectNode();
            ObjectNode entries = root.has("entries") ? (ObjectNode) root.get("entries") : root.putObject("entries");
            entries.set(name, entry);
            Files.write(store, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write credential store " + store, e);
        } catch (GeneralSecurityException e) {
            throw new CredentialException("cannot seal entry " + name + ": " + e.getClass().getSimpleName());
        }
    }

    /** Opens {@code name} from the store's JSON with whichever configured master key the entry names. */
    static byte[] open(byte[] storeJson, String name, Map<String, MasterKey> masters, String where) {
        JsonNode entry = JSON.readTree(storeJson).path("entries").path(name);
        if (entry.isMissingNode()) {
            throw new CredentialException("credential store " + where + " has no entry " + name);
        }
        String keyId = entry.path("master_key_id").asString("");
        MasterKey master = masters.get(keyId);
        if (master == null) {
            throw new CredentialException("entry " + name + " of " + where + " is sealed with master key '" + keyId
                    + "', which is not configured");
        }
        try {
            byte[] aad = name.getBytes(StandardCharsets.UTF_8);
            byte[] dataKey = decrypt(master.key(), Base64.getDecoder().decode(entry.path("wrapped_key").asString("")), aad);
            return decrypt(new SecretKeySpec(dataKey, "AES"), Base64.getDecoder().decode(entry.path("ciphertext").asString("")), aad);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // GCM authentication failed: wrong master key, or a tampered or moved entry.
            throw new CredentialException("entry " + name + " of " + where + " cannot be opened with master key '" + keyId + "'");
        }
    }

    private static byte[] encrypt(SecretKey key, byte[] plain, byte[] aad) throws GeneralSecurityException {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(aad);
        byte[] sealed = cipher.doFinal(plain);
        byte[] out = new byte[IV_BYTES + sealed.length];
        System.arraycopy(iv, 0, out, 0, IV_BYTES);
        System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
        return out;
    }

    private static byte[] decrypt(SecretKey key, byte[] data, byte[] aad) throws GeneralSecurityException {
        if (data.length <= IV_BYTES) {
            throw new GeneralSecurityException("too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
        cipher.updateAAD(aad);
        return cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
    }

    /** {@code SealedStore <store.json> <name>}: seals standard input with {@code $SLUICE_MASTER_KEY}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SLUICE_MASTER_KEY=<id>:<base64> SealedStore <store.json> <entry name>  (secret on stdin)");
            System.exit(2);
        }
        byte[] secret = System.in.readAllBytes();
        int end = secret.length;
        while (end > 0 && (secret[end - 1] == '\n' || secret[end - 1] == '\r')) {
            end--;
        }
        seal(Path.of(args[0]), args[1], java.util.Arrays.copyOf(secret, end), MasterKey.parse(System.getenv("SLUICE_MASTER_KEY")));
        System.err.println("sealed entry " + args[1] + " in " + args[0]);
    }

    static Map<String, MasterKey> byId(Iterable<MasterKey> keys) {
        Map<String, MasterKey> map = new LinkedHashMap<>();
        keys.forEach(key -> map.put(key.id(), key));
        return map;
    }
}

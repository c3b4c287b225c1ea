package dev.sluice.proxy.postgres.session;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Builds a server {@link SSLContext} from a PEM certificate chain and a PEM PKCS#8 private key. */
public final class TlsContexts {
    private TlsContexts() {}

    /** Loads the files; the message of any failure names the file, never the key material. */
    public static SSLContext server(Path certificateFile, Path privateKeyFile) {
        try {
            var certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certificateFile)))
                    .toArray(Certificate[]::new);
            if (certificates.length == 0) {
                throw new IllegalArgumentException("no certificate in " + certificateFile);
            }
            PrivateKey key = readKey(privateKeyFile);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("sluice", key, password, certificates);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the TLS certificate " + certificateFile + " and key "
                    + privateKeyFile + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException(file + " holds no PKCS#8 'BEGIN PRIVATE KEY' block"
                    + " (convert with: openssl pkcs8 -topk8 -nocrypt)");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
        var spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // Try the next algorithm: PKCS#8 names it inside, but KeyFactory needs it up front.
            }
        }
        throw new IllegalArgumentException(file + " holds a private key of an unsupported algorithm");
    }
}

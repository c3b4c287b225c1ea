package dev.sluice.cli.postgres;

import dev.sluice.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Which certificates of the Sluice proxy {@code sluice connect} accepts. */
public final class ProxyTrust {
    private ProxyTrust() {}

    /** The JDK's default trust store (public CAs, or whatever {@code javax.net.ssl.trustStore} names). */
    public static SSLContext system() {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new CliException(CliException.FAILURE, "no TLS support in this Java runtime: " + e.getMessage(), e);
        }
    }

    /** Only the CA or self-signed certificates in a PEM file (e.g. standalone's {@code tls/proxy-tls.crt}). */
    public static SSLContext fromPem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new CliException(CliException.FAILURE, file + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("proxy-ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new CliException(CliException.FAILURE, "cannot read the proxy CA file " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new CliException(CliException.FAILURE, file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /**
     * Encrypts without checking who answers, like libpq's {@code sslmode=require}: protects against eavesdropping,
     * not against an active attacker who could then take the token. For trying the standalone demo only.
     */
    public static SSLContext insecure() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptAny()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new CliException(CliException.FAILURE, "no TLS support in this Java runtime: " + e.getMessage(), e);
        }
    }

    /** Accepts every server certificate: used only behind the explicit {@code --proxy-insecure}. */
    private static final class AcceptAny extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client certificates are not checked here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // deliberately accepted: --proxy-insecure
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("client certificates are not checked here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // deliberately accepted: --proxy-insecure
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("client certificates are not checked here");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // deliberately accepted: --proxy-insecure
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

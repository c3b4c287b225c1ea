package dev.sluice.standalone.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed server certificate for the proxy's PostgreSQL TLS listener: RSA 2048, SHA-256, {@code CN=localhost},
 * subject alternative names {@code localhost} and {@code 127.0.0.1} (RFC 5280 section 4.2.1.6), valid one year.
 *
 * <p>Written as PEM: the certificate ({@code CERTIFICATE}) and an unencrypted PKCS#8 key ({@code PRIVATE KEY},
 * RFC 7468), readable only by the owner. An existing pair that is still valid for a day is reused, so a persistent
 * data directory keeps its certificate (clients pinning it with {@code sslmode=verify-ca} keep working).
 *
 * @param certificate path of the certificate PEM
 * @param privateKey  path of the private key PEM
 */
public record SelfSignedCertificate(Path certificate, Path privateKey) {

    private static final Duration VALIDITY = Duration.ofDays(365);

    /** Creates {@code proxy-tls.crt} and {@code proxy-tls.key} in {@code directory} unless a usable pair is there. */
    public static SelfSignedCertificate ensure(Path directory) {
        Path certificate = directory.resolve("proxy-tls.crt");
        Path privateKey = directory.resolve("proxy-tls.key");
        try {
            Files.createDirectories(directory);
            if (!stillValid(certificate) || !Files.isRegularFile(privateKey)) {
                generate(certificate, privateKey);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TLS certificate to " + directory, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the TLS certificate", e);
        }
        return new SelfSignedCertificate(certificate, privateKey);
    }

    private static boolean stillValid(Path certificate) {
        if (!Files.isRegularFile(certificate)) {
            return false;
        }
        try (var in = Files.newInputStream(certificate)) {
            X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            parsed.checkValidity(Date.from(Instant.now().plus(Duration.ofDays(1))));
            return true;
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private static void generate(Path certificate, Path privateKey)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        SecureRandom random = new SecureRandom();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, random);
        KeyPair keys = generator.generateKeyPair();

        X500Name subject = new X500Name("CN=localhost");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject,
                new BigInteger(64, random).setBit(63),
                // Back-dated a little so clients with a slightly slow clock accept it at once.
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(VALIDITY)),
                subject,
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate signed = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));

        writePrivate(privateKey, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        Files.writeString(certificate, pem("CERTIFICATE", signed.getEncoded()), StandardCharsets.US_ASCII);
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}

package io.github.kafkaconnectsmc.testing;

import io.github.kafkaconnectsmc.smc.tls.KeyStoreType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A private PKI for tests of TLS to the SMC, generated fresh (EC keys, so it takes milliseconds): a CA, an SMC server
 * certificate it issued for {@code localhost} and {@code 127.0.0.1}, a client certificate for mutual TLS, and a second,
 * unrelated CA for "wrong CA" cases. Writes trust stores and key stores in every {@link KeyStoreType} into a
 * directory, and gives the server side's socket factory for {@code MockWebServer.useHttps(...)} or a simulator.
 */
public final class TestCertificates {

    private static final byte[] PBES2_OID =
            {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x05, 0x0D};
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final HeldCertificate ca;
    private final HeldCertificate otherCa;
    private final HeldCertificate server;
    private final HeldCertificate client;
    private final AtomicInteger files = new AtomicInteger();

    private TestCertificates(Path directory) {
        this.directory = directory;
        this.ca = authority("Test SMC CA");
        this.otherCa = authority("Some Other CA");
        this.server = serverCertificateFor("localhost", "127.0.0.1");
        this.client = new HeldCertificate.Builder()
                .commonName("kafka-connect-smc test client")
                .signedBy(ca)
                .ecdsa256()
                .build();
    }

    /** Generates the certificates; files are written into {@code directory} (a test's temp dir) on request. */
    public static TestCertificates generate(Path directory) {
        return new TestCertificates(directory);
    }

    private static HeldCertificate authority(String name) {
        return new HeldCertificate.Builder().commonName(name).certificateAuthority(0).ecdsa256().build();
    }

    public HeldCertificate certificateAuthority() {
        return ca;
    }

    public HeldCertificate otherCertificateAuthority() {
        return otherCa;
    }

    public HeldCertificate serverCertificate() {
        return server;
    }

    public HeldCertificate clientCertificate() {
        return client;
    }

    /** A server certificate issued by the test CA for exactly {@code names} (host names or IP addresses). */
    public HeldCertificate serverCertificateFor(String... names) {
        HeldCertificate.Builder builder = new HeldCertificate.Builder().commonName(names[0]).signedBy(ca).ecdsa256();
        for (String name : names) {
            builder.addSubjectAlternativeName(name);
        }
        return builder.build();
    }

    /** The SMC side of TLS with the standard server certificate; trusts client certificates of the test CA. */
    public SSLSocketFactory serverSocketFactory() {
        return serverSocketFactory(server, ca);
    }

    /** The SMC side of TLS presenting {@code certificate}, issued by {@code issuer}. */
    public SSLSocketFactory serverSocketFactory(HeldCertificate certificate, HeldCertificate issuer) {
        return new HandshakeCertificates.Builder()
                .heldCertificate(certificate, issuer.certificate())
                .addTrustedCertificate(ca.certificate())
                .build()
                .sslSocketFactory();
    }

    /** A trust store holding the test CA's certificate; {@code password} is ignored for PEM. */
    public Path trustStore(KeyStoreType type, String password) {
        return trustStoreOf(ca, type, password);
    }

    public Path trustStoreOf(HeldCertificate authority, KeyStoreType type, String password) {
        Path file = nextFile("truststore", type);
        if (type == KeyStoreType.PEM) {
            return write(file, "Subject: " + authority.certificate().getSubjectX500Principal() + "\n"
                    + authority.certificatePem());
        }
        try {
            KeyStore store = emptyStore(type);
            store.setCertificateEntry("smc-ca", authority.certificate());
            return store(store, file, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key store holding the client's private key and certificate chain (key password = store password). */
    public Path keyStore(KeyStoreType type, String password) {
        Path file = nextFile("keystore", type);
        if (type == KeyStoreType.PEM) {
            return write(file, client.privateKeyPkcs8Pem() + client.certificatePem() + ca.certificatePem());
        }
        try {
            KeyStore store = emptyStore(type);
            store.setKeyEntry("client", client.keyPair().getPrivate(), password.toCharArray(),
                    new Certificate[] {client.certificate(), ca.certificate()});
            return store(store, file, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PEM key store whose private key is encrypted (PKCS#8, PBES2 with AES-256) with {@code keyPassword}. */
    public Path encryptedPemKeyStore(String keyPassword) {
        try {
            String algorithm = "PBEWithHmacSHA256AndAES_256";
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.ENCRYPT_MODE,
                    SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(keyPassword.toCharArray())),
                    new PBEParameterSpec(randomBytes(16), 10_000, new IvParameterSpec(randomBytes(16))));
            byte[] encrypted = cipher.doFinal(client.keyPair().getPrivate().getEncoded());
            // The JDK 17 EncryptedPrivateKeyInfo cannot encode PBES2, so the DER is written here, as openssl does.
            byte[] algorithmId = der(0x30, concat(PBES2_OID, cipher.getParameters().getEncoded()));
            return pemKeyStoreWithEncryptedKey(der(0x30, concat(algorithmId, der(0x04, encrypted))));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A PEM key store whose key is encrypted as {@code openssl pkcs8 -topk8 -scrypt} writes it: PBES2 with the scrypt
     * key derivation, which the JDK cannot read. Only the parameters matter, so the encrypted bytes are random.
     */
    public Path scryptEncryptedPemKeyStore() {
        byte[] scryptOid = {0x06, 0x09, 0x2B, 0x06, 0x01, 0x04, 0x01, (byte) 0xDA, 0x47, 0x04, 0x0B};
        byte[] aes256CbcOid = {0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2A};
        // salt, cost 16384, block size 8, parallelization 1: openssl's defaults
        byte[] costs = {0x02, 0x02, 0x40, 0x00, 0x02, 0x01, 0x08, 0x02, 0x01, 0x01};
        byte[] keyDerivation = der(0x30, concat(scryptOid, der(0x30, concat(der(0x04, randomBytes(8)), costs))));
        byte[] encryption = der(0x30, concat(aes256CbcOid, der(0x04, randomBytes(16))));
        byte[] algorithmId = der(0x30, concat(PBES2_OID, der(0x30, concat(keyDerivation, encryption))));
        return pemKeyStoreWithEncryptedKey(der(0x30, concat(algorithmId, der(0x04, randomBytes(48)))));
    }

    /** A PEM key store: an ENCRYPTED PRIVATE KEY block of {@code encryptedKeyInfo}, then the client certificate. */
    public Path pemKeyStoreWithEncryptedKey(byte[] encryptedKeyInfo) {
        String pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(encryptedKeyInfo)
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
        return write(nextFile("keystore-encrypted", KeyStoreType.PEM), pem + client.certificatePem());
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] der(int tag, byte[] content) {
        int length = content.length;
        byte[] header = length < 0x80 ? new byte[] {(byte) tag, (byte) length}
                : length < 0x100 ? new byte[] {(byte) tag, (byte) 0x81, (byte) length}
                : new byte[] {(byte) tag, (byte) 0x82, (byte) (length >> 8), (byte) length};
        return concat(header, content);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Writes {@code text} to a new file in the directory, for stores a test builds by hand. */
    public Path file(String name, String text) {
        return write(directory.resolve(name), text);
    }

    private Path nextFile(String stem, KeyStoreType type) {
        String extension = switch (type) {
            case PEM -> "pem";
            case JKS -> "jks";
            case PKCS12 -> "p12";
        };
        return directory.resolve(stem + "-" + files.incrementAndGet() + "." + extension.toLowerCase(Locale.ROOT));
    }

    private static KeyStore emptyStore(KeyStoreType type) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type.name());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return store;
    }

    private static Path store(KeyStore store, Path file, String password) throws GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

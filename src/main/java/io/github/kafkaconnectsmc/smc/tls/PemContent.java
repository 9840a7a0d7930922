package io.github.kafkaconnectsmc.smc.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The blocks of a PEM file: X.509 certificates, and at most one PKCS#8 private key, plain
 * ({@code BEGIN PRIVATE KEY}) or password-protected ({@code BEGIN ENCRYPTED PRIVATE KEY}). Text around the blocks
 * (such as the subject lines {@code openssl} writes) is ignored. Messages name the block, never its content.
 */
final class PemContent {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "DSA");

    private final List<X509Certificate> certificates;
    private final Optional<byte[]> privateKey;
    private final boolean privateKeyEncrypted;
    private final List<String> otherBlocks;

    private PemContent(List<X509Certificate> certificates, Optional<byte[]> privateKey, boolean privateKeyEncrypted,
                       List<String> otherBlocks) {
        this.certificates = certificates;
        this.privateKey = privateKey;
        this.privateKeyEncrypted = privateKeyEncrypted;
        this.otherBlocks = otherBlocks;
    }

    /** Reads every block; throws {@link IllegalArgumentException} naming the block that is not what it says. */
    static PemContent parse(String text) {
        List<X509Certificate> certificates = new ArrayList<>();
        byte[] key = null;
        boolean encrypted = false;
        List<String> others = new ArrayList<>();
        Matcher block = BLOCK.matcher(text);
        int index = 0;
        while (block.find()) {
            index++;
            String label = block.group(1);
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            switch (label) {
                case "CERTIFICATE", "TRUSTED CERTIFICATE" -> certificates.add(certificate(der, index));
                case "PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> {
                    if (key != null) {
                        throw new IllegalArgumentException("holds more than one private key; keep only the client's");
                    }
                    key = der;
                    encrypted = label.startsWith("ENCRYPTED");
                }
                default -> others.add(label);
            }
        }
        return new PemContent(List.copyOf(certificates), Optional.ofNullable(key), encrypted, List.copyOf(others));
    }

    private static X509Certificate certificate(byte[] der, int index) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("PEM block " + index + " is not a valid X.509 certificate", e);
        }
    }

    List<X509Certificate> certificates() {
        return certificates;
    }

    boolean hasPrivateKey() {
        return privateKey.isPresent();
    }

    boolean isPrivateKeyEncrypted() {
        return privateKeyEncrypted;
    }

    /** Labels of blocks that are neither certificates nor PKCS#8 keys, such as {@code RSA PRIVATE KEY}. */
    List<String> otherBlocks() {
        return otherBlocks;
    }

    /**
     * The private key, decrypted with {@code password} when it is encrypted. Throws
     * {@link UnrecoverableKeyException} when the password does not open it.
     */
    PrivateKey privateKey(char[] password) throws GeneralSecurityException {
        byte[] der = privateKey.orElseThrow(() -> new IllegalStateException("no private key"));
        KeySpec spec = privateKeyEncrypted ? decrypt(der, password) : new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // Not this algorithm: PKCS#8 names it inside, but the JDK has no factory that reads the name.
            }
        }
        throw new InvalidKeySpecException("the private key is not an RSA, EC, EdDSA or DSA key");
    }

    private static KeySpec decrypt(byte[] der, char[] password) throws GeneralSecurityException {
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            // Also how the JDK refuses encryption parameters it does not know, such as PBES2 with scrypt.
            throw unsupported("its encryption cannot be read by this JVM (" + e.getMessage() + ")", e);
        }
        String algorithm = cipherName(info);
        SecretKeyFactory factory;
        Cipher cipher;
        try {
            factory = SecretKeyFactory.getInstance(algorithm);
            cipher = Cipher.getInstance(algorithm);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw unsupported("its encryption, " + algorithm + ", is not supported by this JVM", e);
        }
        if (password == null) {
            throw new UnrecoverableKeyException("the private key is encrypted and smc.tls.key.password is not set");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)), info.getAlgParameters());
            return info.getKeySpec(cipher);
        } catch (GeneralSecurityException e) {
            UnrecoverableKeyException wrong = new UnrecoverableKeyException(
                    "smc.tls.key.password does not decrypt the private key");
            wrong.initCause(e);
            throw wrong;
        }
    }

    /**
     * The JDK's name of the key's cipher. For PBES2 (what openssl writes) the JDK reports it only through the
     * parameters' toString(); an algorithm the JDK does not know at all keeps its OID as name and has no parameters.
     */
    private static String cipherName(EncryptedPrivateKeyInfo info) throws NoSuchAlgorithmException {
        String name = info.getAlgName();
        if (!name.equals("PBES2") && !Character.isDigit(name.charAt(0))) {
            return name;
        }
        AlgorithmParameters parameters = info.getAlgParameters();
        if (parameters == null) {
            throw unsupported("its encryption, " + name + ", is not supported by this JVM", null);
        }
        return parameters.toString();
    }

    /** The key's encryption is beyond the JDK: no password opens it, so the message must not blame the password. */
    private static NoSuchAlgorithmException unsupported(String problem, Exception cause) {
        return new NoSuchAlgorithmException(problem + "; encrypt it again with: openssl pkcs8 -topk8 -v2 aes-256-cbc "
                + "-in key.pem -out key-aes.pem", cause);
    }
}

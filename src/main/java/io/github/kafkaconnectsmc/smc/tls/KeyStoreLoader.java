package io.github.kafkaconnectsmc.smc.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.apache.kafka.common.config.types.Password;

/**
 * Opens the trust store and the client key store named in the settings, in any {@link KeyStoreType}, and checks that
 * each holds what it is for: at least one certificate to trust, or a private key with its certificate. The task
 * (when it builds its TLS client) and the connector's {@code validate()} both use this class, so a store that
 * passes validation is a store the task can open.
 *
 * <p>Every failure is a {@link KeyStoreLoadException} naming the setting to fix; no message contains a password.
 * That holds for any file content: the JDK's parsers may fail in ways they do not declare on content they do not
 * expect, and such a failure is still the location's fault, reported on it.
 */
public final class KeyStoreLoader {

    public static final String TRUSTSTORE_LOCATION = "smc.tls.truststore.location";
    public static final String TRUSTSTORE_TYPE = "smc.tls.truststore.type";
    public static final String TRUSTSTORE_PASSWORD = "smc.tls.truststore.password";
    public static final String KEYSTORE_LOCATION = "smc.tls.keystore.location";
    public static final String KEYSTORE_TYPE = "smc.tls.keystore.type";
    public static final String KEYSTORE_PASSWORD = "smc.tls.keystore.password";
    public static final String KEY_PASSWORD = "smc.tls.key.password";

    /** Alias and password of the in-memory store a PEM key store is turned into; it never leaves the JVM. */
    private static final String PEM_KEY_ALIAS = "smc-client";
    private static final char[] PEM_KEY_ENTRY_PASSWORD = "in-memory".toCharArray();

    private KeyStoreLoader() {
    }

    /** The certificates to trust; at least one. */
    public static KeyStore loadTrustStore(KeyStoreFile file) {
        return failingOnlyAsConfig(file, "trust store", TRUSTSTORE_LOCATION, () -> trustStore(file));
    }

    /**
     * Key managers presenting the client certificate of the key store. The key's password is {@code keyPassword},
     * or the store's password when that is empty.
     */
    public static KeyManager[] loadKeyManagers(KeyStoreFile file, Optional<Password> keyPassword) {
        return failingOnlyAsConfig(file, "key store", KEYSTORE_LOCATION, () -> keyManagers(file, keyPassword));
    }

    private static <T> T failingOnlyAsConfig(KeyStoreFile file, String what, String locationSetting,
                                             Supplier<T> load) {
        try {
            return load.get();
        } catch (KeyStoreLoadException e) {
            throw e;
        } catch (RuntimeException e) {
            // Its class only, and not as the cause, which the worker would log: an undeclared failure's message may
            // quote what the parser was reading, such as bytes of a private key.
            throw new KeyStoreLoadException(locationSetting, "The " + what + " " + file.location()
                    + " cannot be read: reading it failed with " + e.getClass().getName());
        }
    }

    private static KeyStore trustStore(KeyStoreFile file) {
        KeyStore store = file.type() == KeyStoreType.PEM
                ? pemTrustStore(file)
                : openStore(file, "trust store", TRUSTSTORE_LOCATION, TRUSTSTORE_TYPE, TRUSTSTORE_PASSWORD);
        if (certificateCount(store) == 0) {
            if (file.type() != KeyStoreType.PEM && file.password().isEmpty()) {
                // A PKCS12 store may encrypt its certificates; without a password the JDK skips them silently.
                throw new KeyStoreLoadException(TRUSTSTORE_PASSWORD, "The trust store " + file.location()
                        + " holds no certificate that can be read without a password: set " + TRUSTSTORE_PASSWORD);
            }
            throw new KeyStoreLoadException(TRUSTSTORE_LOCATION, "The trust store " + file.location()
                    + " holds no certificate: it needs the certificate of the CA that issued the SMC's certificate");
        }
        return store;
    }

    private static KeyManager[] keyManagers(KeyStoreFile file, Optional<Password> keyPassword) {
        char[] configured = keyPassword.map(p -> p.value().toCharArray()).orElseGet(file::passwordChars);
        char[] password = configured == null ? new char[0] : configured;
        KeyStore store;
        if (file.type() == KeyStoreType.PEM) {
            store = pemKeyStore(file, configured);
            password = PEM_KEY_ENTRY_PASSWORD;
        } else {
            store = openStore(file, "key store", KEYSTORE_LOCATION, KEYSTORE_TYPE, KEYSTORE_PASSWORD);
            requireRecoverableKey(file, store, password);
        }
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new KeyStoreLoadException(KEY_PASSWORD, "The private key in the key store " + file.location()
                    + " cannot be used: " + e.getMessage(), e);
        }
    }

    private static KeyStore openStore(KeyStoreFile file, String what, String locationSetting, String typeSetting,
                                      String passwordSetting) {
        byte[] content = read(file, what, locationSetting);
        try (InputStream in = new ByteArrayInputStream(content)) {
            KeyStore store = KeyStore.getInstance(file.type().name());
            store.load(in, file.passwordChars());
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new KeyStoreLoadException(passwordSetting, "The " + what + " " + file.location()
                        + (file.password().isPresent() ? " cannot be opened with the password in " + passwordSetting
                        : " needs a password: set " + passwordSetting));
            }
            throw new KeyStoreLoadException(locationSetting, "The " + what + " " + file.location() + " is not a "
                    + file.type() + " store" + otherFormatHint(content, typeSetting) + " (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new KeyStoreLoadException(locationSetting, "The " + what + " " + file.location()
                    + " cannot be read as " + file.type() + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore pemTrustStore(KeyStoreFile file) {
        byte[] content = read(file, "trust store", TRUSTSTORE_LOCATION);
        PemContent pem = parsePem(file, content, TRUSTSTORE_LOCATION, TRUSTSTORE_TYPE, "trust store");
        KeyStore store = emptyStore();
        List<X509Certificate> certificates = pem.certificates();
        try {
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("smc-trusted-" + i, certificates.get(i));
            }
        } catch (KeyStoreException e) {
            throw new IllegalStateException("an in-memory key store refused a certificate", e);
        }
        return store;
    }

    private static KeyStore pemKeyStore(KeyStoreFile file, char[] keyPassword) {
        byte[] content = read(file, "key store", KEYSTORE_LOCATION);
        PemContent pem = parsePem(file, content, KEYSTORE_LOCATION, KEYSTORE_TYPE, "key store");
        if (!pem.hasPrivateKey()) {
            throw new KeyStoreLoadException(KEYSTORE_LOCATION, "The key store " + file.location()
                    + " holds no PKCS#8 private key (-----BEGIN PRIVATE KEY-----)"
                    + (pem.otherBlocks().isEmpty() ? "" : "; it holds " + pem.otherBlocks()
                    + ", convert it with: openssl pkcs8 -topk8 -in key.pem -out key-pkcs8.pem"));
        }
        if (pem.certificates().isEmpty()) {
            throw new KeyStoreLoadException(KEYSTORE_LOCATION, "The key store " + file.location()
                    + " holds a private key but no certificate: add the client certificate (and its CA chain) "
                    + "after the key");
        }
        PrivateKey key;
        try {
            key = pem.privateKey(keyPassword);
        } catch (UnrecoverableKeyException e) {
            throw new KeyStoreLoadException(KEY_PASSWORD, "The private key in the key store " + file.location()
                    + " is encrypted and " + (keyPassword == null ? KEY_PASSWORD + " is not set"
                    : "the password in " + KEY_PASSWORD + " does not decrypt it"));
        } catch (GeneralSecurityException e) {
            throw new KeyStoreLoadException(KEYSTORE_LOCATION, "The private key in the key store "
                    + file.location() + " cannot be read: " + e.getMessage(), e);
        }
        KeyStore store = emptyStore();
        try {
            store.setKeyEntry(PEM_KEY_ALIAS, key, PEM_KEY_ENTRY_PASSWORD,
                    pem.certificates().toArray(new Certificate[0]));
        } catch (KeyStoreException e) {
            throw new KeyStoreLoadException(KEYSTORE_LOCATION, "The private key in the key store "
                    + file.location() + " does not match its first certificate: " + e.getMessage(), e);
        }
        return store;
    }

    private static void requireRecoverableKey(KeyStoreFile file, KeyStore store, char[] password) {
        try {
            int keys = 0;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getKey(alias, password) instanceof PrivateKey) {
                    keys++;
                }
            }
            if (keys == 0) {
                throw new KeyStoreLoadException(KEYSTORE_LOCATION, "The key store " + file.location()
                        + " holds no private key: it needs the client's private key and certificate");
            }
        } catch (UnrecoverableKeyException e) {
            throw new KeyStoreLoadException(KEY_PASSWORD, "The private key in the key store " + file.location()
                    + " cannot be opened with the password in " + KEY_PASSWORD + " (or, when that is not set, "
                    + KEYSTORE_PASSWORD + ")");
        } catch (GeneralSecurityException e) {
            throw new KeyStoreLoadException(KEYSTORE_LOCATION, "The key store " + file.location()
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static PemContent parsePem(KeyStoreFile file, byte[] content, String locationSetting,
                                       String typeSetting, String what) {
        try {
            PemContent pem = PemContent.parse(new String(content, StandardCharsets.US_ASCII));
            if (pem.certificates().isEmpty() && !pem.hasPrivateKey() && pem.otherBlocks().isEmpty()) {
                throw new KeyStoreLoadException(locationSetting, "The " + what + " " + file.location()
                        + " holds no PEM block (-----BEGIN CERTIFICATE-----)" + otherFormatHint(content, typeSetting));
            }
            return pem;
        } catch (IllegalArgumentException e) {
            throw new KeyStoreLoadException(locationSetting, "The " + what + " " + file.location()
                    + " is not valid PEM: " + e.getMessage(), e);
        }
    }

    /** JKS and PKCS12 files are binary; say which setting to change when one is read as another format. */
    private static String otherFormatHint(byte[] content, String typeSetting) {
        boolean looksLikePem = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.US_ASCII)
                .contains("-----BEGIN ");
        boolean looksLikeJks = content.length >= 4 && (content[0] & 0xff) == 0xFE && (content[1] & 0xff) == 0xED
                && (content[2] & 0xff) == 0xFE && (content[3] & 0xff) == 0xED;
        if (looksLikePem) {
            return "; it looks like PEM: set " + typeSetting + "=PEM";
        }
        if (looksLikeJks) {
            return "; it looks like a JKS store: set " + typeSetting + "=JKS";
        }
        if (content.length > 0 && content[0] == 0x30) {
            return "; it looks like a PKCS12 store: set " + typeSetting + "=PKCS12";
        }
        return "";
    }

    private static byte[] read(KeyStoreFile file, String what, String locationSetting) {
        try {
            if (Files.isDirectory(file.location())) {
                throw new KeyStoreLoadException(locationSetting, "The " + what + " " + file.location()
                        + " is a directory; give the path of the file");
            }
            return Files.readAllBytes(file.location());
        } catch (NoSuchFileException e) {
            throw new KeyStoreLoadException(locationSetting, "The " + what + " " + file.location()
                    + " does not exist (on the Connect worker that runs the task)");
        } catch (AccessDeniedException e) {
            throw new KeyStoreLoadException(locationSetting, "The " + what + " " + file.location()
                    + " cannot be read by the Connect worker's user");
        } catch (IOException e) {
            throw new KeyStoreLoadException(locationSetting, "The " + what + " " + file.location()
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot create an in-memory PKCS12 store", e);
        }
    }

    private static int certificateCount(KeyStore store) {
        try {
            int count = 0;
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) != null) {
                    count++;
                }
            }
            return count;
        } catch (KeyStoreException e) {
            throw new IllegalStateException("a loaded key store cannot list its entries", e);
        }
    }
}

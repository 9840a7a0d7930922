package io.github.kafkaconnectsmc.smc.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.testing.TestCertificates;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;
import okhttp3.tls.HeldCertificate;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyStoreLoaderTest {

    private static final String STORE_PASSWORD = "store-pw-4411";

    @TempDir
    Path directory;

    private TestCertificates certificates;

    @BeforeEach
    void generate() {
        certificates = TestCertificates.generate(directory);
    }

    @ParameterizedTest
    @EnumSource(KeyStoreType.class)
    void trustStoreOfEveryTypeYieldsTheCaCertificate(KeyStoreType type) throws Exception {
        KeyStore store = KeyStoreLoader.loadTrustStore(file(certificates.trustStore(type, STORE_PASSWORD), type,
                STORE_PASSWORD));

        String alias = Collections.list(store.aliases()).get(0);
        assertEquals(certificates.certificateAuthority().certificate(), store.getCertificate(alias));
    }

    @Test
    void pemTrustStoreKeepsEveryCertificateOfABundle() throws Exception {
        Path bundle = certificates.file("bundle.pem", "# exported from the SMC\n"
                + certificates.certificateAuthority().certificatePem()
                + "some text between blocks\n"
                + certificates.otherCertificateAuthority().certificatePem());

        KeyStore store = KeyStoreLoader.loadTrustStore(file(bundle, KeyStoreType.PEM, null));

        assertEquals(2, store.size());
    }

    @Test
    void missingTrustStoreNamesTheFileAndTheLocationSetting() {
        Path missing = directory.resolve("nowhere.pem");

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadTrustStore(file(missing, KeyStoreType.PEM, null)));

        assertEquals("smc.tls.truststore.location", error.setting());
        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
        // At task start the message is all the worker logs; validate() shows the reason under the setting.
        assertEquals("smc.tls.truststore.location: " + error.reason(), error.getMessage());
        assertTrue(error.reason().startsWith("The trust store " + missing), error.reason());
    }

    @ParameterizedTest
    @EnumSource(value = KeyStoreType.class, names = {"JKS", "PKCS12"})
    void wrongPasswordIsReportedOnThePasswordSettingWithoutTheSecret(KeyStoreType type) {
        Path store = certificates.trustStore(type, STORE_PASSWORD);
        String wrong = "wrong-pw-9982";

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadTrustStore(file(store, type, wrong)));

        assertEquals("smc.tls.truststore.password", error.setting());
        assertTrue(error.getMessage().contains("cannot be opened with the password"), error.getMessage());
        assertFalse(error.getMessage().contains(wrong), error.getMessage());
        assertFalse(error.getMessage().contains(STORE_PASSWORD), error.getMessage());
    }

    @Test
    void pemFileWithoutCertificateIsRefused() {
        Path empty = certificates.file("empty.pem", "nothing here\n");

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadTrustStore(file(empty, KeyStoreType.PEM, null)));

        assertEquals("smc.tls.truststore.location", error.setting());
        assertTrue(error.getMessage().contains("holds no PEM block"), error.getMessage());
    }

    @Test
    void storeWithoutCertificateIsRefused() throws Exception {
        Path emptyStore = directory.resolve("empty.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (var out = Files.newOutputStream(emptyStore)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadTrustStore(file(emptyStore, KeyStoreType.PKCS12, STORE_PASSWORD)));

        assertEquals("smc.tls.truststore.location", error.setting());
        assertTrue(error.getMessage().contains("holds no certificate"), error.getMessage());
    }

    @Test
    void binaryStoreReadAsPemPointsAtTheTypeSetting() {
        Path jks = certificates.trustStore(KeyStoreType.JKS, STORE_PASSWORD);

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadTrustStore(file(jks, KeyStoreType.PEM, null)));

        assertTrue(error.getMessage().contains("set smc.tls.truststore.type=JKS"), error.getMessage());
    }

    @Test
    void pemFileReadAsPkcs12PointsAtTheTypeSetting() {
        Path pem = certificates.trustStore(KeyStoreType.PEM, null);

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadTrustStore(file(pem, KeyStoreType.PKCS12, STORE_PASSWORD)));

        assertEquals("smc.tls.truststore.location", error.setting());
        assertTrue(error.getMessage().contains("set smc.tls.truststore.type=PEM"), error.getMessage());
    }

    @Test
    void directoryIsNotATrustStore() {
        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadTrustStore(file(directory, KeyStoreType.PEM, null)));

        assertTrue(error.getMessage().contains("is a directory"), error.getMessage());
    }

    @ParameterizedTest
    @EnumSource(KeyStoreType.class)
    void keyStoreOfEveryTypePresentsTheClientCertificate(KeyStoreType type) {
        Path store = certificates.keyStore(type, STORE_PASSWORD);

        KeyManager[] managers = KeyStoreLoader.loadKeyManagers(file(store, type, STORE_PASSWORD), Optional.empty());

        assertClientCertificate(managers);
    }

    @Test
    void encryptedPemKeyOpensWithTheKeyPassword() {
        Path store = certificates.encryptedPemKeyStore("key-pw-5150");

        KeyManager[] managers = KeyStoreLoader.loadKeyManagers(file(store, KeyStoreType.PEM, null),
                Optional.of(new Password("key-pw-5150")));

        assertClientCertificate(managers);
    }

    @Test
    void encryptedPemKeyWithWrongPasswordIsReportedOnTheKeyPasswordSetting() {
        Path store = certificates.encryptedPemKeyStore("key-pw-5150");

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadKeyManagers(file(store, KeyStoreType.PEM, null),
                        Optional.of(new Password("not-it-7734"))));

        assertEquals("smc.tls.key.password", error.setting());
        assertFalse(error.getMessage().contains("not-it-7734"), error.getMessage());
        assertFalse(error.getMessage().contains("key-pw-5150"), error.getMessage());
    }

    @Test
    void encryptedPemKeyWithoutPasswordAsksForTheKeyPasswordSetting() {
        Path store = certificates.encryptedPemKeyStore("key-pw-5150");

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadKeyManagers(file(store, KeyStoreType.PEM, null), Optional.empty()));

        assertEquals("smc.tls.key.password", error.setting());
        assertTrue(error.getMessage().contains("is not set"), error.getMessage());
    }

    @Test
    void encryptedPemKeyOfAnAlgorithmTheJdkDoesNotKnowIsReportedOnTheLocationSetting() throws Exception {
        String unknownOid = "1.3.6.1.4.1.55555.1";
        Path store = certificates.pemKeyStoreWithEncryptedKey(
                new EncryptedPrivateKeyInfo(unknownOid, new byte[48]).getEncoded());

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadKeyManagers(file(store, KeyStoreType.PEM, null),
                        Optional.of(new Password("key-pw-5150"))));

        assertEquals("smc.tls.keystore.location", error.setting());
        assertTrue(error.getMessage().contains("its encryption, " + unknownOid + ", is not supported"),
                error.getMessage());
        assertFalse(error.getMessage().contains("key-pw-5150"), error.getMessage());
    }

    @Test
    void scryptEncryptedPemKeyIsReportedAsUnsupportedNotAsAWrongPassword() {
        Path store = certificates.scryptEncryptedPemKeyStore();

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadKeyManagers(file(store, KeyStoreType.PEM, null),
                        Optional.of(new Password("key-pw-5150"))));

        assertEquals("smc.tls.keystore.location", error.setting());
        assertTrue(error.getMessage().contains("its encryption cannot be read by this JVM"), error.getMessage());
        assertTrue(error.getMessage().contains("openssl pkcs8 -topk8 -v2 aes-256-cbc"), error.getMessage());
        assertFalse(error.getMessage().contains("key-pw-5150"), error.getMessage());
    }

    @Test
    void failureTheReadingDoesNotDeclareIsReportedOnTheLocationSetting() throws Exception {
        // A closed file system: reading throws ClosedFileSystemException, which no IOException handler catches.
        FileSystem zip = FileSystems.newFileSystem(directory.resolve("stores.zip"), Map.of("create", "true"));
        Path inZip = zip.getPath("/truststore.pem");
        zip.close();

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadTrustStore(file(inZip, KeyStoreType.PEM, null)));

        assertEquals("smc.tls.truststore.location", error.setting());
        assertTrue(error.getMessage().contains("ClosedFileSystemException"), error.getMessage());
    }

    @Test
    void pemKeyStoreWithoutKeyIsRefused() {
        Path certificateOnly = certificates.trustStore(KeyStoreType.PEM, null);

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadKeyManagers(file(certificateOnly, KeyStoreType.PEM, null), Optional.empty()));

        assertEquals("smc.tls.keystore.location", error.setting());
        assertTrue(error.getMessage().contains("holds no PKCS#8 private key"), error.getMessage());
    }

    @Test
    void pkcs1KeyGetsAConversionHint() {
        HeldCertificate rsa = new HeldCertificate.Builder().commonName("rsa client").rsa2048().build();
        Path pkcs1 = certificates.file("pkcs1.pem", rsa.privateKeyPkcs1Pem() + rsa.certificatePem());

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadKeyManagers(file(pkcs1, KeyStoreType.PEM, null), Optional.empty()));

        assertTrue(error.getMessage().contains("openssl pkcs8 -topk8"), error.getMessage());
    }

    @Test
    void keyStoreWithoutPrivateKeyIsRefused() {
        Path trustOnly = certificates.trustStore(KeyStoreType.PKCS12, STORE_PASSWORD);

        KeyStoreLoadException error = assertThrows(KeyStoreLoadException.class,
                () -> KeyStoreLoader.loadKeyManagers(file(trustOnly, KeyStoreType.PKCS12, STORE_PASSWORD),
                        Optional.empty()));

        assertEquals("smc.tls.keystore.location", error.setting());
        assertTrue(error.getMessage().contains("holds no private key"), error.getMessage());
    }

    @Test
    void keyStoreFileToStringHidesThePassword() {
        KeyStoreFile file = file(directory.resolve("x.p12"), KeyStoreType.PKCS12, STORE_PASSWORD);

        assertFalse(file.toString().contains(STORE_PASSWORD), file.toString());
        assertTrue(file.toString().contains("[hidden]"), file.toString());
    }

    private void assertClientCertificate(KeyManager[] managers) {
        X509KeyManager manager = (X509KeyManager) managers[0];
        String alias = manager.chooseClientAlias(new String[] {"EC"}, null, null);
        assertNotNull(alias, "no EC client key offered");
        X509Certificate[] chain = manager.getCertificateChain(alias);
        assertEquals(certificates.clientCertificate().certificate(), chain[0]);
        assertNotNull(manager.getPrivateKey(alias));
    }

    private static KeyStoreFile file(Path location, KeyStoreType type, String password) {
        return new KeyStoreFile(location, type, Optional.ofNullable(password).map(Password::new));
    }
}

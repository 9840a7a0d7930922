package io.github.kafkaconnectsmc;

import static io.github.kafkaconnectsmc.SmcSourceConfig.SMC_URL_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_PROXY_PASSWORD_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_PROXY_URL_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_PROXY_USERNAME_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_INSECURE_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_KEYSTORE_LOCATION_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_KEYSTORE_PASSWORD_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_KEYSTORE_TYPE_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_KEY_PASSWORD_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_TRUSTSTORE_LOCATION_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_TRUSTSTORE_PASSWORD_CONFIG;
import static io.github.kafkaconnectsmc.TlsAndProxyConfigDef.SMC_TLS_TRUSTSTORE_TYPE_CONFIG;

import io.github.kafkaconnectsmc.config.StoreLocationValidator;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreFile;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreLoadException;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreLoader;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * The connector's {@code validate()} checks of the TLS and proxy settings, each error attached to the setting to fix:
 * <ul>
 *   <li>the trust store and key store open with their passwords and hold a certificate (and a key), through the
 *       same {@link KeyStoreLoader} the task uses;</li>
 *   <li>TLS settings with an {@code http://} smc.url are an error, not ignored: the user meant TLS, and the API key
 *       would travel in clear text;</li>
 *   <li>{@code smc.tls.insecure=true} together with a trust store is an error: one of them is a leftover;</li>
 *   <li>proxy credentials need a proxy URL, and user and password go together.</li>
 * </ul>
 * Settings that already have an error of their own (a bad type, a malformed URL) are not checked again.
 */
final class SecuritySettingsValidation {

    private SecuritySettingsValidation() {
    }

    static void addErrors(Map<String, ConfigValue> values) {
        checkSchemeMatchesTlsSettings(values);
        checkInsecureIsAlone(values);
        checkStore(values, SMC_TLS_TRUSTSTORE_LOCATION_CONFIG, SMC_TLS_TRUSTSTORE_TYPE_CONFIG,
                SMC_TLS_TRUSTSTORE_PASSWORD_CONFIG, file -> KeyStoreLoader.loadTrustStore(file));
        Optional<Password> keyPassword = password(values, SMC_TLS_KEY_PASSWORD_CONFIG);
        checkStore(values, SMC_TLS_KEYSTORE_LOCATION_CONFIG, SMC_TLS_KEYSTORE_TYPE_CONFIG,
                SMC_TLS_KEYSTORE_PASSWORD_CONFIG, file -> KeyStoreLoader.loadKeyManagers(file, keyPassword));
        checkProxyCredentials(values);
    }

    private static void checkSchemeMatchesTlsSettings(Map<String, ConfigValue> values) {
        ConfigValue urls = values.get(SMC_URL_CONFIG);
        // smc.url is a list: one plain http:// management server is enough to send the key in clear text.
        boolean anyPlainHttp = urls != null && urls.value() instanceof List<?> list && list.stream()
                .anyMatch(url -> String.valueOf(url).trim().toLowerCase(Locale.ROOT).startsWith("http://"));
        if (!anyPlainHttp || !isValid(values, SMC_URL_CONFIG)) {
            return;
        }
        List<String> tlsSettings = new ArrayList<>();
        for (String location : List.of(SMC_TLS_TRUSTSTORE_LOCATION_CONFIG, SMC_TLS_KEYSTORE_LOCATION_CONFIG)) {
            if (text(values, location).isPresent()) {
                tlsSettings.add(location);
            }
        }
        if (isInsecure(values)) {
            tlsSettings.add(SMC_TLS_INSECURE_CONFIG);
        }
        if (!tlsSettings.isEmpty()) {
            values.get(SMC_URL_CONFIG).addErrorMessage("smc.url starts with http://, so nothing is encrypted and "
                    + tlsSettings + " would be ignored: use https:// (the SMC's https API), or remove the TLS "
                    + "settings");
        }
    }

    private static void checkInsecureIsAlone(Map<String, ConfigValue> values) {
        if (isInsecure(values) && text(values, SMC_TLS_TRUSTSTORE_LOCATION_CONFIG).isPresent()) {
            values.get(SMC_TLS_INSECURE_CONFIG).addErrorMessage(SMC_TLS_INSECURE_CONFIG + "=true turns off the "
                    + "verification that " + SMC_TLS_TRUSTSTORE_LOCATION_CONFIG + " sets up: remove "
                    + SMC_TLS_INSECURE_CONFIG + " (recommended) or the trust store");
        }
    }

    private interface StoreCheck {
        void open(KeyStoreFile file);
    }

    private static void checkStore(Map<String, ConfigValue> values, String locationSetting, String typeSetting,
                                   String passwordSetting, StoreCheck check) {
        Optional<String> location = text(values, locationSetting);
        if (location.isEmpty() || !isValid(values, locationSetting) || !isValid(values, typeSetting)
                || !isValid(values, passwordSetting) || text(values, typeSetting).isEmpty()) {
            return;
        }
        KeyStoreType type = KeyStoreType.parse(text(values, typeSetting).get());
        // The location's validator has accepted it, so it parses.
        KeyStoreFile file = new KeyStoreFile(StoreLocationValidator.parse(locationSetting, location.get()), type,
                password(values, passwordSetting));
        try {
            check.open(file);
        } catch (KeyStoreLoadException e) {
            ConfigValue target = values.getOrDefault(e.setting(), values.get(locationSetting));
            // The reason only: Connect shows the error under the setting, so its name would be there twice.
            target.addErrorMessage(e.reason());
        }
    }

    private static void checkProxyCredentials(Map<String, ConfigValue> values) {
        boolean hasUrl = text(values, SMC_PROXY_URL_CONFIG).isPresent();
        boolean hasUser = text(values, SMC_PROXY_USERNAME_CONFIG).isPresent();
        boolean hasPassword = password(values, SMC_PROXY_PASSWORD_CONFIG).isPresent();
        if ((hasUser || hasPassword) && !hasUrl) {
            values.get(SMC_PROXY_URL_CONFIG).addErrorMessage("Proxy credentials are set but " + SMC_PROXY_URL_CONFIG
                    + " is empty: set the proxy's URL, or remove the credentials");
        } else if (hasUser && !hasPassword) {
            values.get(SMC_PROXY_PASSWORD_CONFIG).addErrorMessage(SMC_PROXY_USERNAME_CONFIG + " is set: set "
                    + SMC_PROXY_PASSWORD_CONFIG + " too");
        } else if (hasPassword && !hasUser) {
            values.get(SMC_PROXY_USERNAME_CONFIG).addErrorMessage(SMC_PROXY_PASSWORD_CONFIG + " is set: set "
                    + SMC_PROXY_USERNAME_CONFIG + " too");
        }
    }

    private static boolean isInsecure(Map<String, ConfigValue> values) {
        ConfigValue insecure = values.get(SMC_TLS_INSECURE_CONFIG);
        return insecure != null && Boolean.TRUE.equals(insecure.value());
    }

    private static boolean isValid(Map<String, ConfigValue> values, String setting) {
        ConfigValue value = values.get(setting);
        return value != null && value.errorMessages().isEmpty();
    }

    private static Optional<String> text(Map<String, ConfigValue> values, String setting) {
        ConfigValue value = values.get(setting);
        return value == null || value.value() == null || value.value().toString().isBlank()
                ? Optional.empty() : Optional.of(value.value().toString().trim());
    }

    private static Optional<Password> password(Map<String, ConfigValue> values, String setting) {
        ConfigValue value = values.get(setting);
        return value != null && value.value() instanceof Password password && !password.value().isEmpty()
                ? Optional.of(password) : Optional.empty();
    }
}

package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.Await;
import io.github.kafkaconnectsmc.FakeSmc;
import io.github.kafkaconnectsmc.smc.proxy.SmcProxySettings;
import io.github.kafkaconnectsmc.smc.tls.SmcTlsSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class SmcHttpClientFactoryTest {

    private static final String PREFIX = "smc-factory-test-0";

    @Test
    void asynchronousCallsRunOnDaemonThreadsNamedAfterTheTaskAndShutdownEndsThem() throws Exception {
        OkHttpClient client = SmcHttpClientFactory.create(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ZERO, PREFIX);
        CompletableFuture<Thread> callThread = new CompletableFuture<>();
        try (FakeSmc smc = new FakeSmc().start()) {
            client.newCall(new Request.Builder().url(smc.baseUrl() + "/api").build()).enqueue(new Callback() {
                @Override
                public void onResponse(Call call, Response response) {
                    response.close();
                    callThread.complete(Thread.currentThread());
                }

                @Override
                public void onFailure(Call call, IOException e) {
                    callThread.completeExceptionally(e);
                }
            });
            Thread thread = callThread.get(Await.DEADLINE_MS, TimeUnit.MILLISECONDS);
            assertTrue(thread.isDaemon(), "a leaked thread must not keep the worker JVM alive");
            // OkHttp renames the thread to "OkHttp <url>" while a call runs, and restores the name afterwards.
            Await.until(() -> thread.getName().equals(PREFIX + "-http-1"), "thread is named " + thread.getName());
        } finally {
            assertTrue(SmcHttpClientFactory.shutdown(client, Duration.ofSeconds(5)));
        }
        Await.until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith(PREFIX)), "a thread of the client outlived it");
        assertTrue(client.dispatcher().executorService().isTerminated());
    }

    @Test
    void withoutTlsSettingsTheClientSpeaksCleartextOnlyAndRefusesHttps() {
        OkHttpClient client = SmcHttpClientFactory.create(Duration.ofSeconds(3), Duration.ofSeconds(7), Duration.ZERO,
                Optional.empty(), SmcProxySettings.none(), PREFIX);
        try {
            assertEquals(List.of(ConnectionSpec.CLEARTEXT), client.connectionSpecs());
            assertNull(client.x509TrustManager(), "no TLS context, so no trust store loaded");
            // Refused before any connection is made (the address is never dialled). The task never asks: it makes
            // such a client only when every smc.url is http, and the client follows no redirects.
            Request https = new Request.Builder().url("https://192.0.2.1:8082/api").build();
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> client.newCall(https).execute());
            assertEquals("CLEARTEXT-only client", refused.getMessage());
        } finally {
            SmcHttpClientFactory.shutdown(client, Duration.ofSeconds(5));
        }
    }

    @Test
    void withTlsSettingsTheClientSpeaksTls() {
        OkHttpClient client = SmcHttpClientFactory.create(Duration.ofSeconds(3), Duration.ofSeconds(7), Duration.ZERO,
                Optional.of(SmcTlsSettings.defaults()), SmcProxySettings.none(), PREFIX);
        try {
            assertTrue(client.connectionSpecs().stream().anyMatch(ConnectionSpec::isTls));
            assertNotNull(client.x509TrustManager());
        } finally {
            SmcHttpClientFactory.shutdown(client, Duration.ofSeconds(5));
        }
    }

    @Test
    void theClientNeitherRetriesNorFollowsRedirects() {
        OkHttpClient client = SmcHttpClientFactory.create(Duration.ofSeconds(3), Duration.ofSeconds(7), Duration.ZERO, PREFIX);
        try {
            assertFalse(client.retryOnConnectionFailure());
            assertFalse(client.followRedirects());
            assertEquals(3_000, client.connectTimeoutMillis());
            assertEquals(7_000, client.readTimeoutMillis());
        } finally {
            SmcHttpClientFactory.shutdown(client, Duration.ofSeconds(5));
        }
    }
}

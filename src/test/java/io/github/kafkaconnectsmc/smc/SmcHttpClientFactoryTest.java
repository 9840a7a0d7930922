package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkaconnectsmc.Await;
import io.github.kafkaconnectsmc.FakeSmc;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
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

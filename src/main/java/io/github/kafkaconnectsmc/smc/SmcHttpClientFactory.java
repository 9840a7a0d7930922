package io.github.kafkaconnectsmc.smc;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * Builds the OkHttp client a task uses for REST calls and the status socket, and shuts it down.
 *
 * <p>Each task gets its own client with its own dispatcher threads, named {@code <prefix>-http-N}, so a thread dump
 * shows which task a socket belongs to and {@link #shutdown} can make sure no thread of the task outlives it. The
 * status socket's reader runs on one of these threads, renamed {@code <prefix>-socket} while it reads.
 */
public final class SmcHttpClientFactory {

    private SmcHttpClientFactory() {
    }

    public static OkHttpClient create(Duration connectTimeout, Duration requestTimeout, Duration pingInterval,
                                      String threadNamePrefix) {
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, threadNamePrefix + "-http-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        return new OkHttpClient.Builder()
                .dispatcher(new Dispatcher(executor))
                .connectTimeout(connectTimeout)
                .readTimeout(requestTimeout)
                .writeTimeout(requestTimeout)
                .callTimeout(Duration.ZERO)
                .pingInterval(pingInterval)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
    }

    /** Cancels what is still running, closes pooled connections and waits up to {@code timeout} for the threads. */
    public static boolean shutdown(OkHttpClient client, Duration timeout) {
        client.dispatcher().cancelAll();
        client.dispatcher().executorService().shutdownNow();
        client.connectionPool().evictAll();
        try {
            return client.dispatcher().executorService().awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

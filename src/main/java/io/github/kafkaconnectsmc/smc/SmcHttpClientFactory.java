package io.github.kafkaconnectsmc.smc;

import io.github.kafkaconnectsmc.smc.proxy.SmcProxySettings;
import io.github.kafkaconnectsmc.smc.tls.KeyStoreLoadException;
import io.github.kafkaconnectsmc.smc.tls.SmcTlsSettings;
import io.github.kafkaconnectsmc.smc.tls.TlsClientSetup;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * Builds the OkHttp client a task uses for REST calls and the status socket, and shuts it down.
 *
 * <p>Each task gets its own client with its own dispatcher threads, named {@code <prefix>-http-N}, so a thread dump
 * shows which task a socket belongs to and {@link #shutdown} can make sure no thread of the task outlives it. The
 * status socket's reader runs on one of these threads, renamed {@code <prefix>-socket} while it reads.
 *
 * <p>TLS ({@link SmcTlsSettings}) and the proxy ({@link SmcProxySettings}) are set on this one client, so REST calls
 * and the status socket are verified and routed alike.
 */
public final class SmcHttpClientFactory {

    private SmcHttpClientFactory() {
    }

    /** A client that verifies https against the JVM's default trust store and follows the JVM's proxy settings. */
    public static OkHttpClient create(Duration connectTimeout, Duration requestTimeout, Duration pingInterval,
                                      String threadNamePrefix) {
        return create(connectTimeout, requestTimeout, pingInterval, Optional.of(SmcTlsSettings.defaults()),
                SmcProxySettings.none(), threadNamePrefix);
    }

    /**
     * A client with the given TLS and proxy settings. When {@code tls} is empty, because every SMC URL is http, the
     * client has no TLS at all: it speaks cleartext only and never builds a TLS context. Building one loads the JVM's
     * trust store, which cost about 0.2 s of a cold task's start, before its login. Throws
     * {@link KeyStoreLoadException} when a trust store or key store cannot be used.
     */
    public static OkHttpClient create(Duration connectTimeout, Duration requestTimeout, Duration pingInterval,
                                      Optional<SmcTlsSettings> tls, SmcProxySettings proxy, String threadNamePrefix) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(requestTimeout)
                .writeTimeout(requestTimeout)
                .callTimeout(Duration.ZERO)
                .pingInterval(pingInterval)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                // The SMC speaks HTTP/1.1 (its socket upgrade needs it anyway); one protocol, one way to fail.
                .protocols(List.of(Protocol.HTTP_1_1))
                // Keeps a connection for each of a name refresh's parallel reads: with OkHttp's default of five idle
                // connections, eight readers kept closing and opening connections to the SMC.
                .connectionPool(new ConnectionPool(ContextRefresh.PARALLEL_READS, 5, TimeUnit.MINUTES));
        if (tls.isPresent()) {
            TlsClientSetup.apply(tls.get(), builder);
        } else {
            builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        proxy.applyTo(builder);
        // Threads last: nothing above may fail after they exist, or they would outlive a failed start.
        return builder.dispatcher(new Dispatcher(dispatcherThreads(threadNamePrefix))).build();
    }

    private static ExecutorService dispatcherThreads(String threadNamePrefix) {
        AtomicInteger threadNumber = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, threadNamePrefix + "-http-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
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

package io.github.kafkaconnectsmc.smc;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what an {@link SmcStatusSocket} reports, for tests to wait on, event by event. */
final class RecordingSocketListener implements SmcStatusSocket.Listener {

    /** One report: "open", "frame", "closed" or "failure", with the frame text or the failure. */
    record Event(String kind, String text, Throwable error, int httpStatus) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final String firstCommand;

    /** Sends {@code firstCommand} as soon as the socket opens (null: sends nothing). */
    RecordingSocketListener(String firstCommand) {
        this.firstCommand = firstCommand;
    }

    @Override
    public void onOpen(SmcStatusSocket socket) {
        events.add(new Event("open", null, null, 0));
        if (firstCommand != null) {
            socket.send(firstCommand);
        }
    }

    @Override
    public void onFrame(String text) {
        events.add(new Event("frame", text, null, 0));
    }

    @Override
    public void onClosed(int code, String reason) {
        events.add(new Event("closed", reason, null, code));
    }

    @Override
    public void onFailure(Throwable error, int httpStatus) {
        events.add(new Event("failure", null, error, httpStatus));
    }

    /** The next event, waiting up to ten seconds. */
    Event next() throws InterruptedException {
        Event event = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "the socket reported nothing within 10 s");
        return event;
    }
}

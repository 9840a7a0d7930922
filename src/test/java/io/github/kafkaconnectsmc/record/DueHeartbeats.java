package io.github.kafkaconnectsmc.record;

import java.util.ArrayList;
import java.util.List;

/** The elements {@link ElementStates#forEachDueHeartbeat} hands out at one moment, as a list. */
final class DueHeartbeats {

    private DueHeartbeats() {
    }

    static List<ElementStates.StaleElement> at(ElementStates states, long now, long staleAfterMillis) {
        List<ElementStates.StaleElement> due = new ArrayList<>();
        states.forEachDueHeartbeat(now, staleAfterMillis, due::add);
        return due;
    }
}

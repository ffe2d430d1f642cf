package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.core.InstanceStatus;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The instance rows of one status snapshot, each made the first time it is read: immutable, any
 * thread. A row's uptime depends on the snapshot's time, so every snapshot needs rows of its own;
 * building all 10,000 of them on every read after a quiet round (in which only the uptimes moved)
 * was most of a read's cost, and a reader that looks at a few rows, or at none, now pays for those
 * only. A row, once made, is the same object for every reader of the snapshot.
 */
public final class StatusRows extends AbstractList<InstanceStatus> implements RandomAccess {

    private final StatusPublisher.Row[] rows;
    private final Instant at;
    private final AtomicReferenceArray<InstanceStatus> made;

    /**
     * @param rows what each row is made of, never changed after this
     * @param at the snapshot's time, from which the uptimes count
     */
    StatusRows(StatusPublisher.Row[] rows, Instant at) {
        this.rows = rows;
        this.at = at;
        this.made = new AtomicReferenceArray<>(rows.length);
    }

    @Override
    public InstanceStatus get(int index) {
        Objects.checkIndex(index, rows.length);
        InstanceStatus s = made.get(index);
        if (s == null) {
            InstanceStatus fresh = rows[index].at(at);
            s = made.compareAndExchange(index, null, fresh); // two readers at once keep one row
            if (s == null) {
                s = fresh;
            }
        }
        return s;
    }

    @Override
    public int size() {
        return rows.length;
    }
}

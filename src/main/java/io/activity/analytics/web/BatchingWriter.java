package io.activity.analytics.web;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes records from request threads without ever blocking them (a bounded queue; when it is full
 * the record is dropped and counted) and hands them in batches to a sink on one background thread,
 * which writes whatever has arrived once every flush interval.
 * A batch the sink cannot write (database down) is dropped and counted too: request threads never
 * wait for the database. {@link #stop()} drains the queue, so an orderly shutdown loses nothing.
 * Used by the access audit trail and the API usage recorder.
 */
public final class BatchingWriter<T> {

    private static final Logger log = LoggerFactory.getLogger(BatchingWriter.class);

    private final String name;
    private final BlockingQueue<T> queue;
    private final int batchSize;
    private final long waitMillis;
    private final Consumer<List<T>> sink;
    private final Counter dropped;
    private final Counter written;
    private final Counter failed;
    private volatile boolean running;
    private Thread writer;

    /**
     * @param dropped counts records refused because the queue was full
     * @param failed counts records lost because their batch could not be written
     */
    public BatchingWriter(
            String name,
            int capacity,
            int batchSize,
            Duration flushInterval,
            Consumer<List<T>> sink,
            Counter dropped,
            Counter written,
            Counter failed) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.waitMillis = Math.max(1, flushInterval.toMillis());
        this.sink = sink;
        this.dropped = dropped;
        this.written = written;
        this.failed = failed;
    }

    public void offer(T record) {
        if (!queue.offer(record)) {
            dropped.increment();
        }
    }

    public int queued() {
        return queue.size();
    }

    public void start() {
        running = true;
        writer = new Thread(this::run, name);
        writer.setDaemon(true);
        writer.start();
    }

    public void stop() {
        running = false;
        if (writer != null) {
            writer.interrupt();
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushAll(); // whatever arrived after the writer's last batch
    }

    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                // Sleeps rather than waiting on the queue: a writer waiting there is woken by every
                // offer (a futex call on the request thread, 4 % of a read's time in a profile) and
                // writes a batch per request when traffic is light.
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                break;
            }
            flushAll();
        }
    }

    public synchronized void flushAll() {
        List<T> batch = new ArrayList<>(batchSize);
        while (queue.drainTo(batch, batchSize) > 0) {
            write(batch);
            batch.clear();
        }
    }

    private synchronized void write(List<T> batch) {
        try {
            sink.accept(batch);
            written.increment(batch.size());
        } catch (RuntimeException ex) {
            failed.increment(batch.size());
            log.warn("{}: could not write {} records: {}", name, batch.size(), ex.toString());
        }
    }
}

package io.activity.analytics.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * A recorder that request threads hand records to without waiting ({@link BatchingWriter}), with
 * the lifecycle every such recorder needs: started with the application, and stopped — its queue
 * drained — after the web server stops taking requests and before the database pool closes.
 * Subclasses say how a batch is written.
 */
public abstract class BackgroundRecorder<T> implements SmartLifecycle {

    private final BatchingWriter<T> writer;

    /**
     * @param dropped counts records refused because the queue was full
     * @param failed counts records lost because their batch could not be written
     * @param queueGauge the name of the gauge of records waiting
     */
    protected BackgroundRecorder(
            String name,
            int capacity,
            int batchSize,
            Duration flushInterval,
            Counter dropped,
            Counter written,
            Counter failed,
            MeterRegistry meters,
            String queueGauge) {
        this.writer =
                new BatchingWriter<>(name, capacity, batchSize, flushInterval, this::write, dropped, written, failed);
        Gauge.builder(queueGauge, writer, BatchingWriter::queued).register(meters);
    }

    /** Writes one batch; runs on the recorder's own thread. */
    protected abstract void write(List<T> batch);

    /** Never blocks and never throws. */
    protected void offer(T record) {
        writer.offer(record);
    }

    /** Writes everything queued, on the caller's thread. */
    public void flushAll() {
        writer.flushAll();
    }

    @Override
    public void start() {
        writer.start();
    }

    @Override
    public void stop() {
        writer.stop();
    }

    @Override
    public boolean isRunning() {
        return writer.isRunning();
    }

    /** Stops before the web server and the DataSource do, so the last requests are still written. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}

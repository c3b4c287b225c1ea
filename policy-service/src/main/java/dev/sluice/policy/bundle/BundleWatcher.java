package dev.sluice.policy.bundle;

import dev.sluice.policy.audit.PolicyAudit;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: watches the bundle directory and, once changes have settled for the debounce interval, loads,
 * validates and swaps the bundle atomically ({@link ActivePolicy#replace}). A bundle that fails to load is
 * refused with {@code file:line: message} (logged and kept in {@link ActivePolicy#lastRejection()}) and the
 * previous good bundle keeps serving: an editor's half-written file must never open or close the gateway.
 *
 * <p>Watches the directory, not the files, so that atomic renames, new files and Kubernetes ConfigMap
 * symlink swaps ({@code ..data}) are all seen. Debouncing coalesces the bursts editors and {@code kubectl}
 * produce into one reload.
 */
public final class BundleWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BundleWatcher.class);

    private final Path directory;
    private final ActivePolicy policy;
    private final Duration debounce;
    private final ScheduledExecutorService scheduler;
    private final PolicyAudit audit;
    private WatchService watchService;
    private Thread thread;
    private ScheduledFuture<?> pending;

    public BundleWatcher(Path directory, ActivePolicy policy, Duration debounce, PolicyAudit audit) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.debounce = Objects.requireNonNull(debounce, "debounce");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("policy-reload").factory());
    }

    /** Starts watching; changes from now on are reloaded. */
    public synchronized void start() throws IOException {
        if (thread != null) {
            return;
        }
        watchService = FileSystems.getDefault().newWatchService();
        directory.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = Thread.ofPlatform().daemon().name("policy-bundle-watcher").start(this::watch);
        log.info("Watching policy bundle directory {} for changes", directory);
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watchService.take();
                key.pollEvents(); // which file changed does not matter: the whole bundle is reloaded
                schedule();
                if (!key.reset()) {
                    log.warn("Policy bundle directory {} is no longer watchable; hot reload stopped", directory);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // closing: nothing to do
        }
    }

    private synchronized void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = scheduler.schedule(this::reload, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Loads the directory now and swaps it in if valid; returns whether the bundle in force is the new one. */
    public boolean reload() {
        PolicyBundle previous = policy.current();
        String before = previous.version();
        try {
            PolicyBundle next = PolicyBundleLoader.loadDirectory(directory);
            policy.replace(next);
            if (!next.version().equals(before)) {
                log.info("Reloaded policy bundle {} -> {} ({} rules from {})", before, next.version(), next.rules().size(), next.files());
                audit.reloaded(previous, next);
            }
            return true;
        } catch (PolicyBundleException e) {
            policy.reject(e);
            log.warn("Refused policy bundle reload, version {} keeps serving: {}", before, e.getMessage());
            audit.rejected(previous, e);
            return false;
        } catch (RuntimeException e) {
            PolicyBundleException problem = new PolicyBundleException("unexpected failure: " + e, e);
            policy.reject(problem);
            log.error("Refused policy bundle reload, version {} keeps serving", before, e);
            audit.rejected(previous, problem);
            return false;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        scheduler.shutdownNow();
        if (watchService != null) {
            watchService.close();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}

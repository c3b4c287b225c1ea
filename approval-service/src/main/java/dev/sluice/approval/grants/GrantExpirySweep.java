package dev.sluice.approval.grants;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Marks active grants past their expiry EXPIRED, so the audit trail and the feed show it without anyone reading
 * the grant. policy-service enforces the expiry itself at decision time; this only bounds how late the record is.
 */
@Component
public final class GrantExpirySweep {
    private static final Logger log = LoggerFactory.getLogger(GrantExpirySweep.class);

    private final GrantService grants;

    public GrantExpirySweep(GrantService grants) {
        this.grants = grants;
    }

    @Scheduled(fixedDelayString = "${sluice.approval.grants.expiry-sweep-interval:1s}")
    void sweep() {
        try {
            int expired = grants.expireDue();
            if (expired > 0) {
                log.info("{} access grant(s) expired", expired);
            }
        } catch (RuntimeException e) {
            // the database may be briefly unreachable; the next sweep retries
            log.warn("grant expiry sweep failed: {}", e.getMessage());
        }
    }
}

package dev.sluice.approval.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expires pending requests whose timeout passed, so that waiting proxies are woken with EXPIRED even when no one
 * reads the request. Reads check the expiry too, so the sweep interval bounds only how late the wake-up comes.
 */
@Component
public final class ExpirySweep {
    private static final Logger log = LoggerFactory.getLogger(ExpirySweep.class);

    private final ApprovalService approvals;

    public ExpirySweep(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Scheduled(fixedDelayString = "${sluice.approval.expiry-sweep-interval:1s}")
    void sweep() {
        try {
            int expired = approvals.expireDue();
            if (expired > 0) {
                log.info("{} approval request(s) expired", expired);
            }
        } catch (RuntimeException e) {
            // the database may be briefly unreachable; the next sweep retries
            log.warn("expiry sweep failed: {}", e.getMessage());
        }
    }
}

package dev.sluice.approval.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReturnPathsTest {

    @Test
    void acceptsPathsOfThisService() {
        assertThat(ReturnPaths.sameOrigin("/approvals/6f1c9e8e-7a53-4a51-9a8e-0d7a4a0f1c2b")).hasValue(
                "/approvals/6f1c9e8e-7a53-4a51-9a8e-0d7a4a0f1c2b");
        assertThat(ReturnPaths.sameOrigin("/history?state=DENIED&page=2")).hasValue("/history?state=DENIED&page=2");
    }

    @Test
    void refusesEverythingThatCouldLeaveTheSite() {
        for (String hostile : new String[] {null, "", "approvals", "https://evil.example", "//evil.example",
                "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "/ok\r\nLocation: https://evil.example",
                "/a b", "/" + "x".repeat(3000)}) {
            assertThat(ReturnPaths.sameOrigin(hostile)).as(String.valueOf(hostile)).isEmpty();
        }
    }
}

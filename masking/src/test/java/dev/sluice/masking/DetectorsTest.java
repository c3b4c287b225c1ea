package dev.sluice.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DetectorsTest {

    private static List<String> found(Detector detector, String text) {
        List<Hit> hits = new ArrayList<>();
        if (detector.mayMatch(TextProfile.of(text))) {
            detector.find(text, hits);
        }
        return hits.stream().map(h -> text.substring(h.start(), h.end())).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "378282246310005",
            "6011000990139424", "4000056655665556", "4222222222222"})
    void findsLuhnValidCardNumbers(String card) {
        assertThat(found(Detectors.CARD, "paid with " + card + ".")).containsExactly(card);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111112", "123456789012", "41111111111111111111", "2024-01-15 10:30:00",
            "order 1234 5678", "4111 1111-1111 1111"})
    void ignoresNumbersThatAreNotCards(String text) {
        assertThat(found(Detectors.CARD, text)).isEmpty();
    }

    @Test
    void findsACardNextToAnotherNumber() {
        assertThat(found(Detectors.CARD, "ref 1234 4111 1111 1111 1111")).containsExactly("4111 1111 1111 1111");
    }

    @ParameterizedTest
    @ValueSource(strings = {"123-45-6789", "078 05 1120", "665-12-3456"})
    void findsSsns(String ssn) {
        assertThat(found(Detectors.SSN, "ssn: " + ssn)).containsExactly(ssn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000", "123-45-67890",
            "2024-01-15", "123456789", "1-123-45-6789", "123-45 6789"})
    void ignoresInvalidSsns(String text) {
        assertThat(found(Detectors.SSN, text)).isEmpty();
    }

    @Test
    void findsEmailsAndIgnoresAtSignsThatAreNotAddresses() {
        assertThat(found(Detectors.EMAIL, "mail ana.lopez+shop@example.co.uk, or bob@example.com"))
                .containsExactly("ana.lopez+shop@example.co.uk", "bob@example.com");
        assertThat(found(Detectors.EMAIL, "meet @ 10.30, user@localhost, @handle")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+14155550123", "+44 20 7946 0958", "(415) 555-0123", "415-555-0123", "415.555.0123",
            "1-415-555-0123", "020 7946 0958", "01 23 45 67 89", "+33 1 23 45 67 89"})
    void findsPhoneNumbers(String phone) {
        assertThat(found(Detectors.PHONE, "call " + phone + " today")).containsExactly(phone);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-15", "123-45-6789", "192.168.100.200", "4111 1111 1111 1111", "version 1.2.3",
            "4155550123", "order 12345", "+123", "2024-01-15 10:30"})
    void ignoresNumbersThatAreNotPhones(String text) {
        assertThat(found(Detectors.PHONE, text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32",
            "FR1420041010050500013M02606"})
    void findsIbansWithAValidChecksum(String iban) {
        assertThat(found(Detectors.IBAN, "pay to " + iban + " please")).containsExactly(iban);
    }

    @Test
    void ignoresIbanShapedTextWithABadChecksum() {
        assertThat(found(Detectors.IBAN, "DE88370400440532013000 and AB12 CDEF GHIJ KLMN")).isEmpty();
    }

    @Test
    void findsCloudAndForgeCredentials() {
        assertThat(found(Detectors.AWS_KEY, "key=AKIAIOSFODNN7EXAMPLE;tmp=ASIAY34FZKBOKMUTVV7A"))
                .containsExactly("AKIAIOSFODNN7EXAMPLE", "ASIAY34FZKBOKMUTVV7A");
        assertThat(found(Detectors.AWS_KEY, "AKIA is a prefix, AKIAIOSFODNN7EXAMPLEX is too long")).isEmpty();
        String ghp = "ghp_" + "a".repeat(36);
        String pat = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz";
        assertThat(found(Detectors.GITHUB_TOKEN, "t=" + ghp + " and " + pat)).containsExactly(ghp, pat);
        assertThat(found(Detectors.GITHUB_TOKEN, "ghp_short gh_" + "a".repeat(40))).isEmpty();
        String glpat = "glpat-xxxxxxxxxxxxxxxxxxxx";
        assertThat(found(Detectors.GITLAB_TOKEN, "token " + glpat)).containsExactly(glpat);
        assertThat(found(Detectors.GITLAB_TOKEN, "glpat-short and my-glpat")).isEmpty();
    }

    @Test
    void findsJwtsButNotOtherDottedText() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl";
        assertThat(found(Detectors.JWT, "Authorization: Bearer " + jwt)).containsExactly(jwt);
        assertThat(found(Detectors.JWT, "eyJhbGciOiJIUzI1NiJ9 alone, a.b.c, www.example.com")).isEmpty();
    }

    @Test
    void findsPemPrivateKeysEvenWithoutTheirEndLine() {
        String key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
        assertThat(found(Detectors.PRIVATE_KEY, "key:\n" + key + "\nthanks")).containsExactly(key);
        String cut = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA";
        assertThat(found(Detectors.PRIVATE_KEY, cut)).containsExactly(cut);
        assertThat(found(Detectors.PRIVATE_KEY, "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"))
                .isEmpty();
    }

    @Test
    void customDetectorsMatchTheirPattern() {
        Detector employee = Detectors.named("custom:employee", "EMP-[0-9]{6}");
        assertThat(employee.name()).isEqualTo("custom:employee");
        assertThat(found(employee, "EMP-123456 and EMP-12")).containsExactly("EMP-123456");
        assertThatThrownBy(() -> Detectors.named("custom:bad", "(")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Detectors.named("nonsense", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyBuiltInNameResolves() {
        assertThat(Detectors.BUILT_IN).allSatisfy(name -> assertThat(Detectors.named(name, null).name()).isEqualTo(name));
    }
}

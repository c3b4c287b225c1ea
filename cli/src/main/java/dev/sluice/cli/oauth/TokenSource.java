package dev.sluice.cli.oauth;

/** Hands out an access token that is valid for at least a minute; called once per use (per proxy connection). */
@FunctionalInterface
public interface TokenSource {
    /** A fresh access token; failures are {@link dev.sluice.cli.CliException}s. */
    String accessToken();
}

package com.clips.playback.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A token's referrers restriction: exact hosts and *. for subdomains, nothing looser. */
class PlaybackTokensTest {

    private static final List<String> SITES = List.of("shop.example", "*.partner.example");

    @Test
    void exactHostsAndSubdomainWildcardsAreAllowed() {
        assertThat(PlaybackTokens.allowed(SITES, "https://shop.example/p/1")).isTrue();
        assertThat(PlaybackTokens.allowed(SITES, "https://SHOP.example/")).isTrue();
        assertThat(PlaybackTokens.allowed(SITES, "https://tv.partner.example/x"))
                .isTrue();
        assertThat(PlaybackTokens.allowed(SITES, "https://a.b.partner.example/"))
                .isTrue();
    }

    @Test
    void lookAlikesOtherSitesAndNoReferrerAreNot() {
        assertThat(PlaybackTokens.allowed(SITES, "https://evilshop.example/")).isFalse();
        assertThat(PlaybackTokens.allowed(SITES, "https://shop.example.evil.example/"))
                .isFalse();
        assertThat(PlaybackTokens.allowed(SITES, "https://partner.example/")).isFalse();
        assertThat(PlaybackTokens.allowed(SITES, "https://evilpartner.example/"))
                .isFalse();
        assertThat(PlaybackTokens.allowed(SITES, null)).isFalse();
        assertThat(PlaybackTokens.allowed(SITES, "not a url")).isFalse();
    }
}

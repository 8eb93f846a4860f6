package com.clips.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Which peers' X-Forwarded-* headers are believed, and what they change. */
class TrustedProxiesTest {

    @Test
    void noneByDefault() {
        assertThat(TrustedProxies.parse(null).trusts("127.0.0.1")).isFalse();
        assertThat(TrustedProxies.parse("").trusts("127.0.0.1")).isFalse();
        assertThat(TrustedProxies.parse("none").trusts("10.0.0.1")).isFalse();
    }

    @Test
    void ipv4RangesMatchOnTheirPrefixBitsOnly() {
        var proxies = TrustedProxies.parse("10.0.0.0/8, 192.168.1.7, 172.16.0.0/12");
        assertThat(proxies.trusts("10.255.3.4")).isTrue();
        assertThat(proxies.trusts("11.0.0.1")).isFalse();
        assertThat(proxies.trusts("192.168.1.7")).isTrue();
        assertThat(proxies.trusts("192.168.1.8")).isFalse();
        assertThat(proxies.trusts("172.31.255.255")).isTrue();
        assertThat(proxies.trusts("172.32.0.0")).isFalse();
        assertThat(proxies.trusts("172.15.255.255")).isFalse();
    }

    @Test
    void oddPrefixLengthsAndTheWholeSpace() {
        var proxies = TrustedProxies.parse("127.0.0.2/31");
        assertThat(proxies.trusts("127.0.0.2")).isTrue();
        assertThat(proxies.trusts("127.0.0.3")).isTrue();
        assertThat(proxies.trusts("127.0.0.1")).isFalse();
        assertThat(proxies.trusts("127.0.0.4")).isFalse();
        assertThat(TrustedProxies.parse("0.0.0.0/0").trusts("8.8.8.8")).isTrue();
    }

    @Test
    void ipv6RangesAndFamiliesDoNotMix() {
        var proxies = TrustedProxies.parse("fd00::/8, ::1");
        assertThat(proxies.trusts("fd12:3456::1")).isTrue();
        assertThat(proxies.trusts("[fd12::1]")).isTrue();
        assertThat(proxies.trusts("fe80::1")).isFalse();
        assertThat(proxies.trusts("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(proxies.trusts("127.0.0.1")).isFalse();
        assertThat(TrustedProxies.parse("10.0.0.0/8").trusts("::ffff:10.1.2.3")).isTrue();
    }

    @Test
    void namesAndGarbageAreNeverTrustedNorLookedUp() {
        var proxies = TrustedProxies.parse("0.0.0.0/0");
        assertThat(proxies.trusts("localhost")).isFalse();
        assertThat(proxies.trusts("proxy.example.com")).isFalse();
        assertThat(proxies.trusts("256.1.1.1")).isFalse();
        assertThat(proxies.trusts("")).isFalse();
        assertThat(proxies.trusts(null)).isFalse();
    }

    @Test
    void anInvalidListIsRefusedNamingTheEntry() {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/8, proxy.local"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'proxy.local'");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("'10.0.0.0/33'");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/")).hasMessageContaining("prefix");
        assertThat(TrustedProxies.parse("::/128").trusts("::")).isTrue();
        assertThatThrownBy(() -> TrustedProxies.parse("::/129")).hasMessageContaining("prefix");
    }

    @Test
    void theClientIsThePeerUnlessThePeerIsTrusted() {
        var proxies = TrustedProxies.parse("10.0.0.0/8");
        assertThat(proxies.clientAddress("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
        assertThat(proxies.clientAddress("10.0.0.5", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(proxies.clientAddress("10.0.0.5", null)).isEqualTo("10.0.0.5");
        assertThat(TrustedProxies.NONE.clientAddress("10.0.0.5", "198.51.100.1"))
                .isEqualTo("10.0.0.5");
    }

    @Test
    void forwardedForIsReadRightToLeftPastTrustedHopsOnly() {
        var proxies = TrustedProxies.parse("10.0.0.0/8");
        // the left entries were written by the client itself: only the nearest untrusted hop counts
        assertThat(proxies.clientAddress("10.0.0.5", "1.2.3.4, 198.51.100.1, 10.0.0.9"))
                .isEqualTo("198.51.100.1");
        // all hops trusted: the farthest one
        assertThat(proxies.clientAddress("10.0.0.5", "10.0.0.7, 10.0.0.9")).isEqualTo("10.0.0.7");
        // a forged non-address stops the walk at the hop that wrote it
        assertThat(proxies.clientAddress("10.0.0.5", "evil, 10.0.0.9")).isEqualTo("10.0.0.9");
        assertThat(proxies.clientAddress("10.0.0.5", "garbage")).isEqualTo("10.0.0.5");
    }

    @Test
    void forwardedValuesReplaceTheBaseUri() {
        var base = URI.create("http://127.0.0.1:8080/api/v1/");
        assertThat(ForwardedHeaders.forwardedBase(base, "https", "clips.example.com", null, null))
                .isEqualTo(URI.create("https://clips.example.com/api/v1/"));
        assertThat(ForwardedHeaders.forwardedBase(base, "https", "clips.example.com:8443", null, "/video"))
                .isEqualTo(URI.create("https://clips.example.com:8443/video/api/v1/"));
        assertThat(ForwardedHeaders.forwardedBase(base, null, "clips.example.com", "8443", null))
                .isEqualTo(URI.create("http://clips.example.com:8443/api/v1/"));
        assertThat(ForwardedHeaders.forwardedBase(base, "https", null, null, null))
                .isEqualTo(URI.create("https://127.0.0.1/api/v1/"));
        assertThat(ForwardedHeaders.forwardedBase(base, null, null, null, null)).isEqualTo(base);
    }

    @Test
    void thePublicBaseUrlReplacesTheHostOfAnUntrustedRequest() {
        var base = URI.create("http://evil.example:8080/api/v1/");
        assertThat(ForwardedHeaders.publicBase(base, "https://clips.example.com"))
                .contains(URI.create("https://clips.example.com/api/v1/"));
        assertThat(ForwardedHeaders.publicBase(base, "https://clips.example.com:8443/video/"))
                .contains(URI.create("https://clips.example.com:8443/video/api/v1/"));
        assertThat(ForwardedHeaders.publicBase(base, "not a url")).isEmpty();
        assertThat(ForwardedHeaders.publicBase(base, "/relative")).isEmpty();
    }

    @Test
    void unusableForwardedValuesAreIgnored() {
        var base = URI.create("http://127.0.0.1:8080/api/v1/");
        assertThat(ForwardedHeaders.forwardedBase(base, "javascript", "evil.example/path", "99999", "/../admin"))
                .isEqualTo(base);
        assertThat(ForwardedHeaders.forwardedBase(base, null, "a b", null, "//x"))
                .isEqualTo(base);
    }
}

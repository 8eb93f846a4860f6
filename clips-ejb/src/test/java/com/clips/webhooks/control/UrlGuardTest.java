package com.clips.webhooks.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class UrlGuardTest {

    private final UrlGuard strict = new UrlGuard(false, false, false);

    private String refusal(UrlGuard guard, String address) throws Exception {
        return guard.refusal(InetAddress.getByName(address));
    }

    @Test
    void publicAddressesPass() throws Exception {
        assertThat(refusal(strict, "93.184.216.34")).isNull();
        assertThat(refusal(strict, "2606:2800:220:1:248:1893:25c8:1946")).isNull();
        assertThat(refusal(strict, "100.63.255.255")).isNull();
        assertThat(refusal(strict, "172.32.0.1")).isNull();
    }

    @Test
    void internalAddressesAreRefusedWhateverTheirSpelling() throws Exception {
        for (var address : new String[] {
            "127.0.0.1", "127.9.9.9", "::1", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1",
            "100.64.0.1", "169.254.169.254", "169.254.1.1", "fe80::1", "fc00::1", "fd12:3456::1", "fd00:ec2::254",
            "224.0.0.1", "ff02::1", "0.0.0.0", "::", "240.0.0.1", "255.255.255.255", "198.18.0.1",
            "::ffff:10.0.0.1", "::ffff:127.0.0.1", "64:ff9b::a00:1", "100.100.100.200"
        }) {
            assertThat(refusal(strict, address)).as(address).isNotNull();
        }
    }

    @Test
    void loopbackAndPrivateOnlyWhenAllowedAndMetadataNever() throws Exception {
        var local = new UrlGuard(true, true, true);
        assertThat(refusal(local, "127.0.0.1")).isNull();
        assertThat(refusal(local, "::1")).isNull();
        assertThat(refusal(local, "10.0.0.1")).isNull();
        assertThat(refusal(local, "fd12::1")).isNull();
        assertThat(refusal(local, "169.254.169.254")).isEqualTo("a cloud metadata address");
        assertThat(refusal(local, "fd00:ec2::254")).isEqualTo("a cloud metadata address");
        assertThat(refusal(new UrlGuard(true, true, false), "192.168.0.1")).isEqualTo("a private address");
    }

    @Test
    void onlyHttpsUrlsWithAHostAndNoUserInfo() {
        assertThat(strict.parse("https://hooks.example.com/clips?x=1").getHost())
                .isEqualTo("hooks.example.com");
        for (var url : new String[] {
            "http://hooks.example.com/", "ftp://hooks.example.com/", "file:///etc/passwd", "https:///path",
            "https://user:pw@hooks.example.com/", "https://hooks.example.com/#frag", "not a url", ""
        }) {
            assertThatThrownBy(() -> strict.parse(url))
                    .as(url)
                    .isInstanceOfSatisfying(
                            ProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.INVALID_WEBHOOK_URL));
        }
        assertThat(new UrlGuard(true, false, false)
                        .parse("http://hooks.example.com/")
                        .getScheme())
                .isEqualTo("http");
    }

    @Test
    void aLoopbackHostIsRefusedAtResolution() {
        assertThatThrownBy(() -> strict.check("https://localhost:8443/hook"))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.WEBHOOK_URL_REFUSED));
        assertThat(new UrlGuard(false, true, false)
                        .check("https://127.0.0.1:8443/hook")
                        .getPort())
                .isEqualTo(8443);
    }
}

package com.clips.playback.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.clips.assets.boundary.PlaybackLinks;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The player page's HTML: nothing a clip's title holds can leave its attribute, text or JSON block. */
class PlayerPageTest {

    private static final String HOSTILE = "</script><script>alert(1)</script>\" onload=\"x' <b>&";

    @Test
    void aHostileTitleStaysTextEverywhere() {
        var clip = new Playback.Watchable(
                "abc", UUID.randomUUID(), HOSTILE, 1280, 720, 5.0, List.of("720p"), true, true, false, false);
        // the JSON as jakarta.json writes it: quotes escaped, '<' as it is
        var json = "{\"title\":\"" + HOSTILE.replace("\"", "\\\"") + "\"}";
        var html = PlayerPage.html(clip, PlaybackLinks.of("http://127.0.0.1:8080", "abc"), false, "", json);
        assertThat(html)
                .doesNotContain("<script>alert")
                .doesNotContain("\" onload=\"")
                .doesNotContain("<b>");
        // one closing script tag per script element: the JSON block cannot be closed early
        assertThat(html.split("</script>", -1)).hasSize(4);
        assertThat(html).contains("\\u003c/script>\\u003cscript>alert(1)\\u003c/script>");
        assertThat(html)
                .contains(
                        "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot; onload=&quot;x&#39; &lt;b&gt;&amp;</title>");
        assertThat(html).contains("<meta name=\"twitter:player\" content=\"http://127.0.0.1:8080/embed/abc\">");
    }

    @Test
    void theEmbedPageCarriesNoSharingTags() {
        var clip = new Playback.Watchable(
                "abc", UUID.randomUUID(), "t", null, null, 0, List.of(), true, true, false, false);
        var html = PlayerPage.html(clip, PlaybackLinks.of("http://127.0.0.1:8080", "abc"), true, "", "{}");
        assertThat(html).doesNotContain("og:").doesNotContain("twitter:").contains("class=\"embed\"");
    }

    @Test
    void aClipPlayableBeforeItsImagesNamesNoPosterOrStoryboard() {
        var clip = new Playback.Watchable(
                "abc", UUID.randomUUID(), "t", 1920, 1080, 20, List.of("1080p"), false, false, false, false);
        var links = PlaybackLinks.of("http://127.0.0.1:8080", "abc");
        var config = PlayerPage.configJson(clip, links);
        assertThat(config)
                .doesNotContain("posterUrl")
                .doesNotContain("storyboardVttUrl")
                .doesNotContain("chaptersVttUrl");
        var html = PlayerPage.html(clip, links, false, "", config);
        assertThat(html)
                .contains("<link rel=\"icon\" href=\"data:,\">\n")
                .contains("<video id=\"video\" playsinline preload=\"metadata\"></video>")
                .doesNotContain("og:image")
                .doesNotContain("twitter:image");
        var complete = new Playback.Watchable(
                "abc", UUID.randomUUID(), "t", 1920, 1080, 20, List.of("1080p"), true, true, true, false);
        assertThat(PlayerPage.configJson(complete, links))
                .contains("\"posterUrl\":\"" + links.posterUrl() + "\"")
                .contains("\"chaptersVttUrl\":\"http://127.0.0.1:8080/api/v1/playback/abc/chapters.vtt\"")
                .contains("\"storyboardVttUrl\":\"" + links.storyboardVttUrl() + "\"");
        assertThat(PlayerPage.html(complete, links, false, "", "{}"))
                .contains("<video id=\"video\" playsinline preload=\"metadata\" poster=\"" + links.posterUrl() + "\">");
    }

    @Test
    void anEncryptedClipsPageNamesItsClearKeyLicenceByPlaybackId() {
        var links = PlaybackLinks.of("http://127.0.0.1:8080", "a.b.c"); // a token in place of the ID
        var encrypted = new Playback.Watchable(
                "abc", UUID.randomUUID(), "t", 1920, 1080, 20, List.of("1080p"), false, false, false, true);
        assertThat(PlayerPage.configJson(encrypted, links))
                .contains("\"licenceUrl\":\"http://127.0.0.1:8080/api/v1/playback/abc/license/clearkey\"");
        var clear = new Playback.Watchable(
                "abc", UUID.randomUUID(), "t", 1920, 1080, 20, List.of("1080p"), false, false, false, false);
        assertThat(PlayerPage.configJson(clear, links)).doesNotContain("licenceUrl");
    }
}

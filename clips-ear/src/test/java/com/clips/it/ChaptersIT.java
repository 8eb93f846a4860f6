package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Chapters: an MP4's own chapters are read at processing, listed by the API, published as a WebVTT
 * chapters track and shown by the player in Chromium as marks on its seek bar, with the chapter's
 * title over the thumbnail; the owner replaces them; bad lists are refused naming the chapter and
 * change nothing; another tenant sees none of it.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaptersIT {

    private static String location;
    private static JsonPath asset;
    private static String end;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeAll
    static void readyClip() throws Exception {
        // three chapters, the second's title with the characters WebVTT escapes, the third untitled
        Path metadata = Files.createDirectories(Path.of("target", "clips")).resolve("chapters.ffmetadata");
        Files.writeString(
                metadata,
                ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=2500\ntitle=Opening\n"
                        + "[CHAPTER]\nTIMEBASE=1/1000\nSTART=2500\nEND=4000\ntitle=Tom & Jerry <live>\n"
                        + "[CHAPTER]\nTIMEBASE=1/1000\nSTART=4000\nEND=6000\n");
        var clip = TestStack.clip(
                "chapters.mp4",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-f",
                "ffmetadata",
                "-i",
                metadata.toString(),
                "-map",
                "0:v",
                "-map_chapters",
                "1",
                "-t",
                "6",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-pix_fmt",
                "yuv420p");
        location = TestStack.upload(clip, "title", "Chapters clip");
        asset = ProcessingIT.awaitReady(location);
        end = clock(new BigDecimal(asset.getString("media.durationSeconds")));
    }

    @Test
    @Order(1)
    void theSourcesChaptersAreListedPublishedAndShownOnTheSeekBar() throws Exception {
        var listed = TestStack.asAdmin().get(location + "/chapters");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.jsonPath().getList("chapters.title"))
                .containsExactly("Opening", "Tom & Jerry <live>", "Chapter 3");
        assertThat(listed.jsonPath().getList("chapters.startSeconds", Double.class))
                .containsExactly(0.0, 2.5, 4.0);

        var track = RestAssured.given().get(asset.getString("playbackIds[0].chaptersVttUrl"));
        assertThat(track.statusCode()).isEqualTo(200);
        assertThat(track.contentType()).isIn("text/vtt;charset=utf-8", "text/vtt; charset=utf-8");
        assertThat(track.asString())
                .isEqualTo("WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.500\nOpening\n\n"
                        + "2\n00:00:02.500 --> 00:00:04.000\nTom &amp; Jerry &lt;live&gt;\n\n"
                        + "3\n00:00:04.000 --> " + end + "\nChapter 3\n");

        var seen = PlayerBrowserIT.chromium("chapters", asset.getString("playbackIds[0].embedUrl"), "chapters.png");
        assertThat(seen.getString("error")).isNull();
        assertThat(seen.getList("chapters")).containsExactly("Opening", "Tom & Jerry <live>", "Chapter 3");
        // a mark where each chapter after the first starts
        assertThat(seen.getList("marks")).hasSize(2);
        // three quarters of a 6 s clip: 4.5 s, in the third chapter
        assertThat(seen.getString("hoverText")).isEqualTo("Chapter 3 \u00b7 0:04");
        // the embed page opened alone: nothing it asks for fails (it names an empty icon, so
        // Chromium does not ask for /favicon.ico), and the console is clean
        assertThat(seen.getList("failed")).isEmpty();
        assertThat(seen.getList("consoleErrors")).isEmpty();
    }

    @Test
    @Order(2)
    void theOwnerReplacesThemAndTheTrackFollows() {
        var replaced = put("{\"chapters\":[{\"startSeconds\":0,\"title\":\"Intro\"},"
                + "{\"startSeconds\":3.25,\"title\":\"The rest\"}]}");
        assertThat(replaced.statusCode()).as(replaced.asString()).isEqualTo(200);
        assertThat(replaced.jsonPath().getList("chapters.title")).containsExactly("Intro", "The rest");
        assertThat(replaced.jsonPath().getList("chapters.startSeconds", Double.class))
                .containsExactly(0.0, 3.25);
        assertThat(TestStack.asAdmin().get(location + "/chapters").jsonPath().getList("chapters.title"))
                .containsExactly("Intro", "The rest");
        assertThat(RestAssured.given()
                        .get(asset.getString("playbackIds[0].chaptersVttUrl"))
                        .asString())
                .isEqualTo("WEBVTT\n\n1\n00:00:00.000 --> 00:00:03.250\nIntro\n\n" + "2\n00:00:03.250 --> " + end
                        + "\nThe rest\n");
    }

    @Test
    @Order(3)
    void badListsAreRefusedNamingTheChapterAndChangeNothing() {
        String duration = new BigDecimal(asset.getString("media.durationSeconds"))
                .stripTrailingZeros()
                .toPlainString();
        refused(
                "[{\"startSeconds\":1,\"title\":\"a\"}]",
                422,
                "/problems/invalid-chapters",
                "Chapter 1: the first chapter starts at 0.");
        refused(
                "[{\"startSeconds\":0,\"title\":\"a\"},{\"startSeconds\":3,\"title\":\"b\"},"
                        + "{\"startSeconds\":2,\"title\":\"c\"}]",
                422,
                "/problems/invalid-chapters",
                "Chapter 3: it starts at 2 s, not after the chapter before it (3 s).");
        refused(
                "[{\"startSeconds\":0,\"title\":\"a\"},{\"startSeconds\":9,\"title\":\"b\"}]",
                422,
                "/problems/invalid-chapters",
                "Chapter 2: it starts at 9 s, at or past the clip's end (" + duration + " s).");
        refused(
                "[{\"startSeconds\":0.0001,\"title\":\"a\"}]",
                422,
                "/problems/invalid-chapters",
                "Chapter 1: startSeconds has at most three decimals (milliseconds).");
        refused(
                "[{\"startSeconds\":0,\"title\":\"  \"}]",
                422,
                "/problems/invalid-chapters",
                "Chapter 1: the title is empty.");
        refused(
                "[{\"startSeconds\":0,\"title\":\"two\\nlines\"}]",
                422,
                "/problems/invalid-chapters",
                "Chapter 1: the title is one line, without control characters.");
        refused(
                "[{\"startSeconds\":0,\"title\":\"" + "x".repeat(201) + "\"}]",
                422,
                "/problems/invalid-chapters",
                "Chapter 1: the title is 201 characters; at most 200.");
        var many = new StringBuilder("[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",")
                    .append("{\"startSeconds\":")
                    .append(i)
                    .append(",\"title\":\"c\"}");
        }
        refused(
                many.append(']').toString(),
                422,
                "/problems/invalid-chapters",
                "A clip has at most 100 chapters; this list has 101.");
        refused(
                "[{\"startSeconds\":\"0\",\"title\":\"a\"}]",
                400,
                "/problems/invalid-field",
                "Chapter 1: 'startSeconds' must be a number of seconds.");
        refused(
                "[{\"startSeconds\":0,\"title\":7}]",
                400,
                "/problems/invalid-field",
                "Chapter 1: 'title' must be a string.");
        refused(
                "[{\"startSeconds\":0,\"title\":\"a\",\"end\":2}]",
                400,
                "/problems/invalid-field",
                "Chapter 1: unknown field 'end'. Accepted: startSeconds, title.");
        refused("[7]", 400, "/problems/invalid-field", "Chapter 1: must be an object.");
        var notAList = put("{\"chapters\":\"Intro\"}");
        TestStack.assertProblem(notAList, 400, "/problems/invalid-field");
        assertThat(notAList.jsonPath().getString("detail")).isEqualTo("'chapters' must be an array of chapters.");
        var unknown = put("{\"chapters\":[],\"more\":1}");
        TestStack.assertProblem(unknown, 400, "/problems/invalid-field");
        assertThat(unknown.jsonPath().getString("detail")).isEqualTo("Unknown field 'more'. Accepted: chapters.");
        var malformed = put("{\"chapters\":[");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");

        // nothing changed
        assertThat(TestStack.asAdmin().get(location + "/chapters").jsonPath().getList("chapters.title"))
                .containsExactly("Intro", "The rest");
    }

    @Test
    @Order(4)
    void anotherTenantSeesNoneOfItAndAnEmptyListRemovesThem() {
        var other = TestStack.otherTenantAdminToken();
        TestStack.assertProblem(
                RestAssured.given().auth().oauth2(other).get(location + "/chapters"), 404, "/problems/not-found");
        TestStack.assertProblem(
                RestAssured.given()
                        .auth()
                        .oauth2(other)
                        .contentType(ContentType.JSON)
                        .body("{\"chapters\":[]}")
                        .put(location + "/chapters"),
                404,
                "/problems/not-found");
        assertThat(TestStack.asAdmin().get(location + "/chapters").jsonPath().getList("chapters.title"))
                .containsExactly("Intro", "The rest");

        var removed = put("{\"chapters\":[]}");
        assertThat(removed.statusCode()).isEqualTo(200);
        assertThat(removed.jsonPath().getList("chapters")).isEmpty();
        assertThat(RestAssured.given()
                        .get(asset.getString("playbackIds[0].chaptersVttUrl"))
                        .asString())
                .isEqualTo("WEBVTT\n");
    }

    private static Response put(String body) {
        return TestStack.asAdmin().contentType(ContentType.JSON).body(body).put(location + "/chapters");
    }

    private static void refused(String chapters, int status, String type, String detail) {
        var answer = put("{\"chapters\":" + chapters + "}");
        TestStack.assertProblem(answer, status, type);
        assertThat(answer.jsonPath().getString("detail")).isEqualTo(detail);
    }

    /** hh:mm:ss.ttt of a duration in seconds. */
    private static String clock(BigDecimal seconds) {
        long ms = seconds.movePointRight(3).longValue();
        return String.format("%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }
}

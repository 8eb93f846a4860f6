package com.clips.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input gets problem+json with a stable type, and leaves no row and no stored object. */
@ExtendWith(ArquillianExtension.class)
class BadUploadIT {

    private long rowsBefore;
    private List<String> objectsBefore;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return TestStack.ear();
    }

    @BeforeEach
    void snapshot() throws Exception {
        rowsBefore = TestStack.count("select count(*) from clips.asset");
        objectsBefore = TestStack.keys("");
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        var response = TestStack.asAdmin().multiPart("file", "empty.mp4", new byte[0], "video/mp4").post(TestStack.API + "/assets");

        assertRefused(response, 400, "/problems/empty-file");
    }

    @Test
    void textFileNamedMp4IsRefused() throws Exception {
        var text = Files.writeString(Files.createDirectories(Path.of("target", "clips")).resolve("notes.mp4"),
                "these are my notes, not a video\n".repeat(200), StandardCharsets.UTF_8);

        var response = TestStack.asAdmin().multiPart("file", text.toFile(), "video/mp4").post(TestStack.API + "/assets");

        assertRefused(response, 415, "/problems/unsupported-media-type");
    }

    @Test
    void formWithoutAFilePartIsRefused() throws Exception {
        var response = TestStack.asAdmin().multiPart("title", "no file here").post(TestStack.API + "/assets");

        assertRefused(response, 400, "/problems/missing-file");
    }

    @Test
    void unknownFormFieldIsRefusedAndTheStagedBytesAreDropped() throws Exception {
        var clip = TestStack.h264Clip("unknown-field.mp4", 160, 120, 10, 1);

        var response = TestStack.asAdmin().multiPart("file", clip.toFile()).multiPart("colour", "blue")
                .post(TestStack.API + "/assets");

        assertRefused(response, 400, "/problems/invalid-field");
    }

    @Test
    void bodyThatIsNotMultipartIsRefused() throws Exception {
        var response = TestStack.asAdmin().contentType("application/json").body("{\"file\":\"clip.mp4\"}")
                .post(TestStack.API + "/assets");

        assertRefused(response, 415, "/problems/unsupported-media-type");
    }

    @Test
    void unknownAssetIsNotFoundAsProblem() {
        var response = TestStack.asAdmin().get(TestStack.API + "/assets/1b4e28ba-2fa1-11d2-883f-0016d3cca427");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("type")).isEqualTo("/problems/not-found");
    }

    private void assertRefused(Response response, int status, String type) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("type")).isEqualTo(type);
        assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(response.jsonPath().getString("detail")).isNotBlank();
        assertThat(response.asString()).doesNotContain("Exception").doesNotContain("at com.");
        assertThat(TestStack.count("select count(*) from clips.asset")).isEqualTo(rowsBefore);
        assertThat(TestStack.keys("")).containsExactlyInAnyOrderElementsOf(objectsBefore);
    }
}

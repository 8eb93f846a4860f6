package com.clips.processing.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.clips.media.control.UnsupportedMediaException;
import jakarta.ejb.EJBTransactionRolledbackException;
import org.junit.jupiter.api.Test;

/** The reasons a failed run shows its asset's owner: sentences for a person, never a class or a tool's output. */
class FailureReasonTest {

    @Test
    void unexpectedFailureNamesWhatWasBeingDoneNotTheException() {
        var failure = new EJBTransactionRolledbackException(
                "WFLYEJB0457",
                new IllegalStateException("/usr/bin/ffprobe returned non-zero exit status. Check stdout."));
        assertThat(AssetFailureListener.reason("probe", failure))
                .isEqualTo("Processing failed while reading the file, for a reason on our side, not in the file."
                        + " An operator can restart the job.");
        assertThat(AssetFailureListener.reason("images", new NullPointerException()))
                .isEqualTo("Processing failed while making the poster and previews, for a reason on our side,"
                        + " not in the file. An operator can restart the job.");
        assertThat(AssetFailureListener.reason("renditions", new RuntimeException("x")))
                .isEqualTo("Processing failed while encoding the video, for a reason on our side, not in the file."
                        + " An operator can restart the job.");
        assertThat(AssetFailureListener.reason("publish", new RuntimeException("x")))
                .isEqualTo("Processing failed while publishing the video, for a reason on our side, not in the file."
                        + " An operator can restart the job.");
    }

    @Test
    void aProblemWithTheFileIsShownAsItsOwnSentenceWhereverItIsWrapped() {
        var wrapped = new EJBTransactionRolledbackException(
                "WFLYEJB0457", new UnsupportedMediaException("The file has no video stream."));
        assertThat(AssetFailureListener.reason("probe", wrapped)).isEqualTo("The file has no video stream.");
    }
}

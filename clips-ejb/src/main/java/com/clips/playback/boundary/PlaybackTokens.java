package com.clips.playback.boundary;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import jakarta.ejb.Stateless;

/** Verifies playback tokens (signed playback IDs). */
@Stateless
public class PlaybackTokens {

    public PublicPlayback.Access verify(String token, PublicPlayback.Audience audience, String referrer) {
        throw new ProblemException(ProblemType.INVALID_PLAYBACK_TOKEN, "The playback token is not valid.");
    }
}

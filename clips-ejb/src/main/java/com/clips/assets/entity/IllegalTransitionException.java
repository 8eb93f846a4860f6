package com.clips.assets.entity;

import com.clips.platform.ProblemException;

public class IllegalTransitionException extends ProblemException {
    public IllegalTransitionException(AssetStatus from, AssetStatus to) {
        super(
                409,
                "illegal-status-transition",
                "Illegal status transition",
                "An asset in status " + from + " cannot move to " + to + ".");
    }
}

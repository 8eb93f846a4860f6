package com.clips.processing.boundary;

import com.clips.assets.boundary.AssetProcessing;
import com.clips.assets.entity.AssetStatus;
import com.clips.media.control.Ladder;
import com.clips.processing.control.ProcessingSettings;
import com.clips.storage.control.ObjectStorage;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.batch.runtime.context.JobContext;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Properties;

/**
 * One partition per rung of the asset's ladder, lowest first (so the first playable rendition is
 * done early when there are fewer threads than rungs). The original is fetched here, once, before
 * the partitions share it.
 */
@Named
@Dependent
public class RenditionPartitionMapper implements PartitionMapper {

    /** The partitioned step's id in process-asset.xml. */
    static final String STEP = "renditions";

    static final String RUNG = "rung";

    @Inject
    JobContext job;

    @EJB
    AssetProcessing processing;

    @Inject
    ObjectStorage storage;

    @Inject
    ProcessingSettings settings;

    @Override
    public PartitionPlan mapPartitions() {
        var assetId = JobParameters.assetId(job);
        var asset = processing.enter(assetId, AssetStatus.COMPRESSING, job.getExecutionId());
        var media = asset.metadata();
        var ladder = Ladder.forSource(media.width(), media.height());
        // downloaded once here, before the partitions start, so they all share it
        settings.workDirectory(job.getInstanceId()).source(asset, storage);
        var partitions = new Properties[ladder.size()];
        for (int i = 0; i < ladder.size(); i++) {
            partitions[i] = new Properties();
            partitions[i].setProperty(RUNG, String.valueOf(ladder.get(i).label()));
        }
        var plan = new PartitionPlanImpl();
        plan.setPartitions(ladder.size());
        plan.setThreads(Math.min(ladder.size(), settings.renditionThreads()));
        plan.setPartitionProperties(partitions);
        return plan;
    }
}

package com.awkhad.connector.queue.job;

/**
 * What delaying a call returns: the stored job's uuid.
 *
 * @param uuid the job's public id (an existing job's uuid when the identity key matched one)
 * @param graphUuid the graph the job belongs to, or null for a lone job
 * @param existing true when no job was created because an open job with the same identity key
 *     already existed; {@code uuid} is then that job's
 */
public record JobHandle(String uuid, String graphUuid, boolean existing) {}

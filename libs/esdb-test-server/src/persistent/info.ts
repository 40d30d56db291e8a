import { persistentPb } from '../proto';
import { measurements } from './consumer';
import type { Group } from './group';
import { sequenceText, startFromText } from './settings';

/** SubscriptionInfo as GetInfo and List return it (PersistentSubscriptions.GetInfo.cs). */
export function infoOf(group: Group): InstanceType<typeof persistentPb.SubscriptionInfo> {
  const { eventSource, group: name, settings } = group.config;
  const connections = group.consumers.map((c) => {
    const info = new persistentPb.SubscriptionInfo.ConnectionInfo()
      .setFrom(c.from)
      .setUsername(c.username)
      .setAverageItemsPerSecond(0)
      .setTotalItems(String(c.totalItems))
      .setCountSinceLastMeasurement(String(c.countSinceLastMeasurement))
      .setAvailableSlots(Math.max(0, c.bufferSize - c.inFlight))
      .setInFlightMessages(c.inFlight)
      .setConnectionName(c.connectionName);
    if (settings.extraStatistics) {
      info.setObservedMeasurementsList(
        measurements(c.latencies).map(([key, value]) =>
          new persistentPb.SubscriptionInfo.Measurement().setKey(key).setValue(String(value)),
        ),
      );
    }
    return info;
  });
  return new persistentPb.SubscriptionInfo()
    .setEventSource(eventSource)
    .setGroupName(name)
    .setStatus(group.live ? 'Live' : 'CatchingUp')
    .setConnectionsList(connections)
    .setAveragePerSecond(0)
    .setTotalItems(String(group.totalItems))
    .setCountSinceLastMeasurement(String(group.totalItems))
    .setLastCheckpointedEventPosition(sequenceText(eventSource, group.lastCheckpoint))
    .setLastKnownEventPosition(sequenceText(eventSource, group.lastKnown))
    .setResolveLinkTos(settings.resolveLinkTos)
    .setStartFrom(startFromText(eventSource, settings.startFrom))
    .setMessageTimeoutMilliseconds(settings.messageTimeoutMs)
    .setExtraStatistics(settings.extraStatistics)
    .setMaxRetryCount(settings.maxRetryCount)
    .setLiveBufferSize(settings.liveBufferSize)
    .setBufferSize(settings.historyBufferSize)
    .setReadBatchSize(settings.readBatchSize)
    .setCheckPointAfterMilliseconds(settings.checkPointAfterMs)
    .setMinCheckPointCount(settings.minCheckPointCount)
    .setMaxCheckPointCount(settings.maxCheckPointCount)
    .setReadBufferCount(group.readBufferCount)
    .setLiveBufferCount(String(group.live ? group.readBufferCount : 0))
    .setRetryBufferCount(group.retryCount)
    .setTotalInFlightMessages(group.inFlightCount)
    .setOutstandingMessagesCount(group.inFlightCount)
    .setNamedConsumerStrategy(settings.consumerStrategy)
    .setMaxSubscriberCount(settings.maxSubscriberCount)
    .setParkedMessageCount(String(group.parkedCount));
}

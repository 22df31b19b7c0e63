// The domain models, as the gRPC contracts in proto/ define them. These are the
// decoded ("__Output") shapes: every scalar present, messages possibly null.
import type { DesiredLRP__Output } from '../generated/gantry/models/DesiredLRP.ts';
import type { DesiredLRPSchedulingInfo__Output } from '../generated/gantry/models/DesiredLRPSchedulingInfo.ts';
import type { DesiredLRPUpdate__Output } from '../generated/gantry/models/DesiredLRPUpdate.ts';
import type { ActualLRP__Output } from '../generated/gantry/models/ActualLRP.ts';
import type { ActualLRPKey__Output } from '../generated/gantry/models/ActualLRPKey.ts';
import type { ActualLRPInstanceKey__Output } from '../generated/gantry/models/ActualLRPInstanceKey.ts';
import type { ActualLRPNetInfo__Output } from '../generated/gantry/models/ActualLRPNetInfo.ts';
import type { ActualLRPFilter__Output } from '../generated/gantry/models/ActualLRPFilter.ts';
import type { ModificationTag__Output } from '../generated/gantry/models/ModificationTag.ts';
import type { Task__Output } from '../generated/gantry/models/Task.ts';
import type { TaskFilter__Output } from '../generated/gantry/models/TaskFilter.ts';
import type { CellPresence__Output } from '../generated/gantry/models/CellPresence.ts';
import type { Resources__Output } from '../generated/gantry/models/Resources.ts';
import type { Domain__Output } from '../generated/gantry/models/Domain.ts';
import type { Event__Output } from '../generated/gantry/models/Event.ts';
import type { Event } from '../generated/gantry/models/Event.ts';
import type { CheckDefinition__Output } from '../generated/gantry/models/CheckDefinition.ts';
import type { Route__Output } from '../generated/gantry/models/Route.ts';
import type { EnvironmentVariable__Output } from '../generated/gantry/models/EnvironmentVariable.ts';
import type { DropletRef__Output } from '../generated/gantry/models/DropletRef.ts';
import type { PortMapping__Output } from '../generated/gantry/models/PortMapping.ts';
import type { Download__Output } from '../generated/gantry/models/Download.ts';

export type DesiredLRP = DesiredLRP__Output;
export type DesiredLRPSchedulingInfo = DesiredLRPSchedulingInfo__Output;
export type DesiredLRPUpdate = DesiredLRPUpdate__Output;
export type ActualLRP = ActualLRP__Output;
export type ActualLRPKey = ActualLRPKey__Output;
export type ActualLRPInstanceKey = ActualLRPInstanceKey__Output;
export type ActualLRPNetInfo = ActualLRPNetInfo__Output;
export type ActualLRPFilter = ActualLRPFilter__Output;
export type ModificationTag = ModificationTag__Output;
export type Task = Task__Output;
export type TaskFilter = TaskFilter__Output;
export type CellPresence = CellPresence__Output;
export type Resources = Resources__Output;
export type Domain = Domain__Output;
export type CheckDefinition = CheckDefinition__Output;
export type Route = Route__Output;
export type EnvironmentVariable = EnvironmentVariable__Output;
export type DropletRef = DropletRef__Output;
export type PortMapping = PortMapping__Output;
export type Download = Download__Output;
/** An event as received by a subscriber. */
export type BbsEvent = Event__Output;
/** An event as the BBS builds it to send. */
export type BbsEventInput = Event;

export type ActualLRPState = ActualLRP['state'];
export type ActualLRPPresence = ActualLRP['presence'];
export type TaskState = Task['state'];
export type CheckType = CheckDefinition['type'];

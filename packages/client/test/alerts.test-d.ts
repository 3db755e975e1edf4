import { describe, expectTypeOf, it } from 'vitest';
import {
  ALERT_EVENT_TYPES,
  isAlert,
  parseAlert,
  type AlertKind,
  type AlertMessage,
  type AlertsByKind,
  type CrowdDensityAlert,
  type FaceExtractionAlert,
  type IntrusionAlert,
  type VehicleAlert,
} from '../src/alerts.js';
import type { AlertMessage as MainAlertMessage, IntrusionAlert as MainIntrusionAlert, ViasClient } from '../src/index.js';

// The alerts' types: a union told apart by `event_type`, so a switch narrows each case to its
// message and a field of another kind fails to compile.

declare const body: string;

describe('AlertMessage', () => {
  it('is the union of the six messages, the same type from both entry points', () => {
    expectTypeOf(parseAlert(body)).toEqualTypeOf<AlertMessage>();
    expectTypeOf<AlertMessage>().toEqualTypeOf<MainAlertMessage>();
    expectTypeOf<IntrusionAlert>().toEqualTypeOf<MainIntrusionAlert>();
    expectTypeOf<AlertMessage['event_type']>().toEqualTypeOf<196609 | 196610 | 524288 | 1769472 | 131073 | 75008 | 65536>();
    expectTypeOf<AlertKind>().toEqualTypeOf<
      'intrusionAlert' | 'crowdDensityAlert' | 'crowdPeakCountAlert' | 'peopleFlowLineCrossingAlert' | 'vehicleAlert' | 'faceExtractionAlert'
    >();
    expectTypeOf(ALERT_EVENT_TYPES.intrusionAlert).toEqualTypeOf<readonly (196609 | 196610)[]>();
    expectTypeOf(ALERT_EVENT_TYPES.vehicleAlert).toEqualTypeOf<readonly 75008[]>();
  });

  it('the envelope fields are on every message, image_base64 optional', () => {
    const alert = parseAlert(body);
    expectTypeOf(alert.task_id).toEqualTypeOf<string>();
    expectTypeOf(alert.stream_id).toEqualTypeOf<string>();
    expectTypeOf(alert.message_id).toEqualTypeOf<string>();
    expectTypeOf(alert.timestamp).toEqualTypeOf<number>();
    expectTypeOf(alert.image_base64).toEqualTypeOf<string | undefined>();
  });

  it('switch (alert.event_type) narrows each case to its message', () => {
    const alert = parseAlert(body);
    switch (alert.event_type) {
      case 196609:
      case 196610:
        expectTypeOf(alert).toEqualTypeOf<IntrusionAlert>();
        expectTypeOf(alert.data.event_set[0]!.category).toEqualTypeOf<0 | 1 | 2>();
        expectTypeOf(alert.data.event_set[0]!.start_position).toEqualTypeOf<string | undefined>();
        // @ts-expect-error an intrusion has no vehicles
        void alert.data.vehicles;
        break;
      case 524288:
        expectTypeOf(alert).toEqualTypeOf<CrowdDensityAlert>();
        expectTypeOf(alert.data.alarm_type).toEqualTypeOf<0 | 1 | 2>();
        // @ts-expect-error total_crowd_count is the peak count's, not the density's
        void alert.data.total_crowd_count;
        break;
      case 1769472:
        expectTypeOf(alert.data.total_crowd_count).toEqualTypeOf<number>();
        break;
      case 131073:
        expectTypeOf(alert.data.interval).toEqualTypeOf<number>();
        expectTypeOf(alert.data.event_set[0]!.side1_count).toEqualTypeOf<number>();
        break;
      case 75008:
        expectTypeOf(alert).toEqualTypeOf<VehicleAlert>();
        expectTypeOf(alert.data.vehicles[0]!.vehicle_type).toEqualTypeOf<0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9>();
        expectTypeOf(alert.data.vehicles[0]!.license_plate_id).toEqualTypeOf<string | undefined>();
        // @ts-expect-error a vehicle alert has no event_set
        void alert.data.event_set;
        break;
      case 65536:
        expectTypeOf(alert).toEqualTypeOf<FaceExtractionAlert>();
        expectTypeOf(alert.data.face_id).toEqualTypeOf<string>();
        break;
      default:
        expectTypeOf(alert).toBeNever();
    }
  });

  it('without narrowing, a field of one kind is not on the union', () => {
    const alert = parseAlert(body);
    // @ts-expect-error data.vehicles exists on vehicle alerts only
    void alert.data.vehicles;
    // @ts-expect-error 12345 is no documented event type
    if (alert.event_type === 12345) void alert;
  });

  it('isAlert narrows to the kind it names', () => {
    const alert = parseAlert(body);
    if (isAlert(alert, 'vehicleAlert')) {
      expectTypeOf(alert).toEqualTypeOf<VehicleAlert>();
      expectTypeOf(alert.data.vehicles).items.toHaveProperty('direction');
    }
    expectTypeOf<AlertsByKind['faceExtractionAlert']>().toEqualTypeOf<FaceExtractionAlert>();
    // @ts-expect-error not a webhook of the description
    isAlert(alert, 'smokeAlert');
  });

  it('a message built by hand must be complete and of its kind', () => {
    const ok: VehicleAlert = {
      event_type: 75008,
      task_id: 't',
      stream_id: 's',
      message_id: 'm',
      timestamp: 1,
      data: { vehicles: [{ bounding_box: { x: 1, y: 2, w: 3, h: 4 }, vehicle_type: 0 }] },
    };
    // @ts-expect-error 196609 is an intrusion, not a vehicle
    const wrongType: VehicleAlert = { ...ok, event_type: 196609 };
    // @ts-expect-error timestamp is required
    const noTime: VehicleAlert = { event_type: 75008, task_id: 't', stream_id: 's', message_id: 'm', data: ok.data };
    void [ok, wrongType, noTime];
  });
});

describe('the VIAS client', () => {
  it('has no method for the webhooks: they are requests VIAS sends, not operations it answers', () => {
    expectTypeOf<ViasClient>().not.toHaveProperty('receiveIntrusionAlert');
    expectTypeOf<ViasClient>().toHaveProperty('showTask');
  });
});

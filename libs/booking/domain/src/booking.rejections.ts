/** Why a booking command changes nothing; mapped to RFC 9457 once, in the service. */
export type BookingRejection =
  | { readonly type: 'location-not-found'; readonly detail: string }
  | { readonly type: 'resource-not-found'; readonly detail: string }
  | { readonly type: 'booking-not-found'; readonly detail: string }
  | { readonly type: 'resource-archived'; readonly detail: string }
  | { readonly type: 'credits-disabled'; readonly detail: string }
  | { readonly type: 'credits-for-members-only'; readonly detail: string }
  | { readonly type: 'not-in-company'; readonly detail: string }
  | { readonly type: 'method-not-offered'; readonly detail: string }
  | { readonly type: 'not-a-desk'; readonly detail: string }
  | { readonly type: 'invalid-target'; readonly field: string; readonly detail: string }
  | { readonly type: 'booking-exists'; readonly detail: string }
  | { readonly type: 'booking-in-progress'; readonly detail: string }
  | { readonly type: 'not-cancellable'; readonly detail: string }
  | { readonly type: 'not-an-order'; readonly detail: string }
  | { readonly type: 'order-fulfilled'; readonly detail: string }
  | { readonly type: 'not-fulfillable'; readonly detail: string }
  | { readonly type: 'wrong-step'; readonly detail: string };

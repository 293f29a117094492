"""What the application's bounded contexts share: reading command input and reaching another
context's aggregates within the acting tenant, so no context imports another one's modules."""

"""A local fake of a Razorpay-compatible payment gateway: orders, payment links, payments, recon, webhooks."""

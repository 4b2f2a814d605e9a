// An idle Node process, for the footprint baseline.
setInterval(() => undefined, 60_000);
console.log('idle');

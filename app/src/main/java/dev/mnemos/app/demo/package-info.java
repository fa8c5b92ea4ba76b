/**
 * A realistic store to try Mnemos on and to test the browser against: KFP v2 pipelines recorded
 * through the MLMD gRPC API as KFP's driver and launcher record them (cached steps, failures, runs
 * still running, hyperparameter searches, a dataset many runs read), from a seed, so the same store
 * comes out every time.
 */
package dev.mnemos.app.demo;

/**
 * The database schema: MLMD's version 10 and the upgrades from 7, 8 and 9 per dialect, Mnemos' own
 * summary tables, the migrator that creates, adopts or upgrades under a setup lock, and the jOOQ
 * classes generated from the DDL.
 */
package dev.mnemos.migrations;

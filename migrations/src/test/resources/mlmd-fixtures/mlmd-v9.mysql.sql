/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `Artifact` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `type_id` int(11) NOT NULL,
  `uri` text DEFAULT NULL,
  `state` int(11) DEFAULT NULL,
  `name` varchar(255) DEFAULT NULL,
  `external_id` varchar(255) DEFAULT NULL,
  `create_time_since_epoch` bigint(20) NOT NULL DEFAULT 0,
  `last_update_time_since_epoch` bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`),
  UNIQUE KEY `external_id` (`external_id`),
  UNIQUE KEY `UniqueArtifactTypeName` (`type_id`,`name`),
  KEY `idx_artifact_uri` (`uri`(255)),
  KEY `idx_artifact_create_time_since_epoch` (`create_time_since_epoch`),
  KEY `idx_artifact_last_update_time_since_epoch` (`last_update_time_since_epoch`),
  KEY `idx_artifact_external_id` (`external_id`)
) ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `Artifact` VALUES
(1,10,'gs://bucket/data/0',2,NULL,'dataset-0',1795985947487,1795985947487),
(2,11,'gs://bucket/model/0',NULL,'model-0',NULL,1795985947490,1795985947490),
(3,10,'gs://bucket/data/1',2,NULL,'dataset-1',1795985947499,1795985947499),
(4,11,'gs://bucket/model/1',NULL,'model-1',NULL,1795985947501,1795985947501),
(5,10,'gs://bucket/data/2',2,NULL,'dataset-2',1795985947509,1795985947509),
(6,11,'gs://bucket/model/2',NULL,'model-2',NULL,1795985947511,1795985947511);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `ArtifactProperty` (
  `artifact_id` int(11) NOT NULL,
  `name` varchar(255) NOT NULL,
  `is_custom_property` tinyint(1) NOT NULL,
  `int_value` int(11) DEFAULT NULL,
  `double_value` double DEFAULT NULL,
  `string_value` mediumtext DEFAULT NULL,
  `byte_value` mediumblob DEFAULT NULL,
  PRIMARY KEY (`artifact_id`,`name`,`is_custom_property`),
  KEY `idx_artifact_property_int` (`name`,`is_custom_property`,`int_value`),
  KEY `idx_artifact_property_double` (`name`,`is_custom_property`,`double_value`),
  KEY `idx_artifact_property_string` (`name`,`is_custom_property`,`string_value`(255))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `ArtifactProperty` VALUES
(1,'rows',1,1000,NULL,NULL,NULL),
(1,'span',0,0,NULL,NULL,NULL),
(1,'split',0,NULL,NULL,'train',NULL),
(2,'accuracy',0,NULL,0.8,NULL,NULL),
(2,'config',0,NULL,NULL,'mlmd-struct::Cg0KBG5hbWUSBRoDbWxwCiIKBmxheWVycxIYMhYKCREAAAAAAABQQAoJEQAAAAAAAEBACg8KAmxyEgkRexSuR+F6hD8=',NULL),
(2,'note',1,NULL,NULL,'run 0',NULL),
(3,'rows',1,2000,NULL,NULL,NULL),
(3,'span',0,1,NULL,NULL,NULL),
(3,'split',0,NULL,NULL,'train',NULL),
(4,'accuracy',0,NULL,0.81,NULL,NULL),
(4,'config',0,NULL,NULL,'mlmd-struct::Cg0KBG5hbWUSBRoDbWxwCiIKBmxheWVycxIYMhYKCREAAAAAAABQQAoJEQAAAAAAAEBACg8KAmxyEgkRexSuR+F6hD8=',NULL),
(4,'note',1,NULL,NULL,'run 1',NULL),
(5,'rows',1,3000,NULL,NULL,NULL),
(5,'span',0,2,NULL,NULL,NULL),
(5,'split',0,NULL,NULL,'train',NULL),
(6,'accuracy',0,NULL,0.82,NULL,NULL),
(6,'config',0,NULL,NULL,'mlmd-struct::Cg8KAmxyEgkRexSuR+F6hD8KDQoEbmFtZRIFGgNtbHAKIgoGbGF5ZXJzEhgyFgoJEQAAAAAAAFBACgkRAAAAAAAAQEA=',NULL),
(6,'note',1,NULL,NULL,'run 2',NULL);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `Association` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `context_id` int(11) NOT NULL,
  `execution_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `context_id` (`context_id`,`execution_id`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `Association` VALUES
(1,2,1),
(2,3,2),
(3,4,3);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `Attribution` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `context_id` int(11) NOT NULL,
  `artifact_id` int(11) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `context_id` (`context_id`,`artifact_id`)
) ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `Attribution` VALUES
(1,2,1),
(2,2,2),
(3,3,3),
(4,3,4),
(5,4,5),
(6,4,6);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `Context` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `type_id` int(11) NOT NULL,
  `name` varchar(255) NOT NULL,
  `external_id` varchar(255) DEFAULT NULL,
  `create_time_since_epoch` bigint(20) NOT NULL DEFAULT 0,
  `last_update_time_since_epoch` bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`),
  UNIQUE KEY `type_id` (`type_id`,`name`),
  UNIQUE KEY `external_id` (`external_id`),
  KEY `idx_context_create_time_since_epoch` (`create_time_since_epoch`),
  KEY `idx_context_last_update_time_since_epoch` (`last_update_time_since_epoch`),
  KEY `idx_context_external_id` (`external_id`)
) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `Context` VALUES
(1,14,'churn',NULL,1795985947485,1795985947485),
(2,13,'run-0','run-ext-0',1795985947494,1795985947494),
(3,13,'run-1','run-ext-1',1795985947504,1795985947504),
(4,13,'run-2','run-ext-2',1795985947514,1795985947514);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `ContextProperty` (
  `context_id` int(11) NOT NULL,
  `name` varchar(255) NOT NULL,
  `is_custom_property` tinyint(1) NOT NULL,
  `int_value` int(11) DEFAULT NULL,
  `double_value` double DEFAULT NULL,
  `string_value` mediumtext DEFAULT NULL,
  `byte_value` mediumblob DEFAULT NULL,
  PRIMARY KEY (`context_id`,`name`,`is_custom_property`),
  KEY `idx_context_property_int` (`name`,`is_custom_property`,`int_value`),
  KEY `idx_context_property_double` (`name`,`is_custom_property`,`double_value`),
  KEY `idx_context_property_string` (`name`,`is_custom_property`,`string_value`(255))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `ContextProperty` VALUES
(2,'owner',0,NULL,NULL,'alice',NULL),
(2,'started',1,NULL,NULL,'mlmd-struct::CgwKAmJ5EgYaBGNyb24=',NULL),
(3,'owner',0,NULL,NULL,'alice',NULL),
(3,'started',1,NULL,NULL,'mlmd-struct::CgwKAmJ5EgYaBGNyb24=',NULL),
(4,'owner',0,NULL,NULL,'alice',NULL),
(4,'started',1,NULL,NULL,'mlmd-struct::CgwKAmJ5EgYaBGNyb24=',NULL);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `Event` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `artifact_id` int(11) NOT NULL,
  `execution_id` int(11) NOT NULL,
  `type` int(11) NOT NULL,
  `milliseconds_since_epoch` bigint(20) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `UniqueEvent` (`artifact_id`,`execution_id`,`type`),
  KEY `idx_event_execution_id` (`execution_id`)
) ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `Event` VALUES
(1,1,1,3,1795985947493),
(2,2,1,4,1795985947494),
(3,3,2,3,1795985947503),
(4,4,2,4,1795985947503),
(5,5,3,3,1795985947513),
(6,6,3,4,1795985947513);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `EventPath` (
  `event_id` int(11) NOT NULL,
  `is_index_step` tinyint(1) NOT NULL,
  `step_index` int(11) DEFAULT NULL,
  `step_key` text DEFAULT NULL,
  KEY `idx_eventpath_event_id` (`event_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `EventPath` VALUES
(1,0,NULL,'examples'),
(1,1,0,NULL),
(2,0,NULL,'model'),
(3,0,NULL,'examples'),
(3,1,0,NULL),
(4,0,NULL,'model'),
(5,0,NULL,'examples'),
(5,1,0,NULL),
(6,0,NULL,'model');
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `Execution` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `type_id` int(11) NOT NULL,
  `last_known_state` int(11) DEFAULT NULL,
  `name` varchar(255) DEFAULT NULL,
  `external_id` varchar(255) DEFAULT NULL,
  `create_time_since_epoch` bigint(20) NOT NULL DEFAULT 0,
  `last_update_time_since_epoch` bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY (`id`),
  UNIQUE KEY `external_id` (`external_id`),
  UNIQUE KEY `UniqueExecutionTypeName` (`type_id`,`name`),
  KEY `idx_execution_create_time_since_epoch` (`create_time_since_epoch`),
  KEY `idx_execution_last_update_time_since_epoch` (`last_update_time_since_epoch`),
  KEY `idx_execution_external_id` (`external_id`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `Execution` VALUES
(1,12,3,'train-0',NULL,1795985947492,1795985947492),
(2,12,3,'train-1',NULL,1795985947502,1795985947502),
(3,12,3,'train-2',NULL,1795985947512,1795985947512);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `ExecutionProperty` (
  `execution_id` int(11) NOT NULL,
  `name` varchar(255) NOT NULL,
  `is_custom_property` tinyint(1) NOT NULL,
  `int_value` int(11) DEFAULT NULL,
  `double_value` double DEFAULT NULL,
  `string_value` mediumtext DEFAULT NULL,
  `byte_value` mediumblob DEFAULT NULL,
  PRIMARY KEY (`execution_id`,`name`,`is_custom_property`),
  KEY `idx_execution_property_int` (`name`,`is_custom_property`,`int_value`),
  KEY `idx_execution_property_double` (`name`,`is_custom_property`,`double_value`),
  KEY `idx_execution_property_string` (`name`,`is_custom_property`,`string_value`(255))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `ExecutionProperty` VALUES
(1,'image',0,NULL,NULL,'trainer:1.0',NULL),
(1,'input:epochs',1,10,NULL,NULL,NULL),
(2,'image',0,NULL,NULL,'trainer:1.1',NULL),
(2,'input:epochs',1,11,NULL,NULL,NULL),
(3,'image',0,NULL,NULL,'trainer:1.2',NULL),
(3,'input:epochs',1,12,NULL,NULL,NULL);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `MLMDEnv` (
  `schema_version` int(11) NOT NULL,
  PRIMARY KEY (`schema_version`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `MLMDEnv` VALUES
(9);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `ParentContext` (
  `context_id` int(11) NOT NULL,
  `parent_context_id` int(11) NOT NULL,
  PRIMARY KEY (`context_id`,`parent_context_id`),
  KEY `idx_parentcontext_parent_context_id` (`parent_context_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `ParentContext` VALUES
(2,1),
(3,1),
(4,1);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `ParentType` (
  `type_id` int(11) NOT NULL,
  `parent_type_id` int(11) NOT NULL,
  PRIMARY KEY (`type_id`,`parent_type_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `ParentType` VALUES
(10,1),
(12,5);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `Type` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(255) NOT NULL,
  `version` varchar(255) DEFAULT NULL,
  `type_kind` tinyint(1) NOT NULL,
  `description` text DEFAULT NULL,
  `input_type` text DEFAULT NULL,
  `output_type` text DEFAULT NULL,
  `external_id` varchar(255) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `external_id` (`external_id`),
  KEY `idx_type_name` (`name`),
  KEY `idx_type_external_id` (`external_id`)
) ENGINE=InnoDB AUTO_INCREMENT=15 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `Type` VALUES
(1,'mlmd.Dataset',NULL,1,NULL,NULL,NULL,NULL),
(2,'mlmd.Model',NULL,1,NULL,NULL,NULL,NULL),
(3,'mlmd.Metrics',NULL,1,NULL,NULL,NULL,NULL),
(4,'mlmd.Statistics',NULL,1,NULL,NULL,NULL,NULL),
(5,'mlmd.Train',NULL,0,NULL,NULL,NULL,NULL),
(6,'mlmd.Transform',NULL,0,NULL,NULL,NULL,NULL),
(7,'mlmd.Process',NULL,0,NULL,NULL,NULL,NULL),
(8,'mlmd.Evaluate',NULL,0,NULL,NULL,NULL,NULL),
(9,'mlmd.Deploy',NULL,0,NULL,NULL,NULL,NULL),
(10,'system.Dataset',NULL,1,NULL,NULL,NULL,NULL),
(11,'system.Model','v2',1,'a trained model',NULL,NULL,NULL),
(12,'system.ContainerExecution',NULL,0,NULL,NULL,NULL,NULL),
(13,'system.PipelineRun',NULL,2,NULL,NULL,NULL,NULL),
(14,'system.Pipeline',NULL,2,NULL,NULL,NULL,'pipeline-type');
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `TypeProperty` (
  `type_id` int(11) NOT NULL,
  `name` varchar(255) NOT NULL,
  `data_type` int(11) DEFAULT NULL,
  PRIMARY KEY (`type_id`,`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `TypeProperty` VALUES
(10,'span',1),
(10,'split',3),
(11,'accuracy',2),
(11,'config',4),
(12,'image',3),
(13,'owner',3);

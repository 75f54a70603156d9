import { useEffect } from 'react';
import { CreateProjectForm } from './CreateProjectForm';
import { PageHeading } from './PageHeading';
import { ProjectList } from './ProjectList';

export function ProjectsPage() {
  useEffect(() => {
    document.title = 'Projects · BotArmy';
  }, []);
  return (
    <div className="page projects-page">
      <PageHeading>Projects</PageHeading>
      <div className="projects-layout">
        <ProjectList />
        <CreateProjectForm />
      </div>
    </div>
  );
}
